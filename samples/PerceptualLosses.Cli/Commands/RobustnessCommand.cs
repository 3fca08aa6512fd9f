using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Classifiers;
using PerceptualLosses.Attacks;
using PerceptualLosses.Runtime;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual robustness</c>: clean and adversarial accuracy (paper Table 1 protocol) with sanity checks.</summary>
internal static class RobustnessCommand
{
    public static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = $"Weights written by train-classifier (with {ClassifierArchitecture.FileName} beside them), or with --arch a torchvision state dict / robustness checkpoint.", Required = true }.MustBeFile("a classifier weights file");
        var arch = new Option<string?>("--arch") { Description = "Architecture of a --model without architecture.json (vgg19, resnet50, …; torchvision layout)." };
        var numClasses = new Option<int>("--num-classes") { Description = "Classes of a --model given with --arch.", DefaultValueFactory = _ => 1000 }.AtLeast(2);
        var width = new Option<double>("--width") { Description = "Channel multiplier of a --model given with --arch.", DefaultValueFactory = _ => 1.0 }.Positive();
        var data = new Option<string>("--data") { Description = "IDX folder (t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz)) or ImageNet-style class folder (val/<class>/<image>).", Required = true }.MustBeFolder("an IDX folder or a class folder");
        var resize = new Option<int>("--resize") { Description = "Class folders: shorter side resized to this before the centre crop.", DefaultValueFactory = _ => 256 }.AtLeast(1);
        var crop = new Option<int>("--crop") { Description = "Class folders: centre crop side.", DefaultValueFactory = _ => 224 }.AtLeast(1);
        var device = CommonOptions.Device();
        var attack = new Option<string>("--attack") { Description = "pgd50-targeted (paper) | apgd (paper + APGD-T check)", DefaultValueFactory = _ => "apgd" };
        attack.AcceptOnlyFromAmong(RobustnessEvaluationOptions.Presets.Keys.ToArray());
        var epsilon = new Option<double?>("--epsilon") { Description = "Override ε (paper: 3.88); α keeps the paper's ratio 0.155/3.88." }.Positive();
        var limit = new Option<int>("--limit") { Description = "Evaluate the first N test images (0 = all).", DefaultValueFactory = _ => 1000 }.AtLeast(0);
        var batchSize = CommonOptions.BatchSize("Images per attack batch.", 100);
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var command = new Command("robustness", "Clean top-1 and targeted PGD-50 / APGD-T accuracy with gradient-masking sanity checks.")
        {
            modelPath, arch, numClasses, width, data, resize, crop, attack, epsilon, limit, batchSize, json, seed, threads, device,
        };
        command.SetAction(parse =>
        {
            {
                TorchRuntime.EnsureLoaded();
                if (parse.GetValue(threads) > 0)
                {
                    set_num_threads(parse.GetValue(threads));
                }

                string weights = parse.GetValue(modelPath)!;
                var target = DeviceSelector.Parse(parse.GetValue(device)!);
                var (model, archName, imageSize) = LoadModel(weights, parse.GetValue(arch), parse.GetValue(numClasses), parse.GetValue(width), parse.GetValue(crop), target);
                var options = RobustnessEvaluationOptions.Presets[parse.GetValue(attack)!] with { Seed = parse.GetValue(seed) };
                if (parse.GetValue(epsilon) is double eps)
                {
                    options = options.WithEpsilon(eps);
                }

                using var images = InputFiles.Load("--data", parse.GetValue(data)!, path => LabelledImages.Open(
                    path, new LabelledImagesOptions(Train: false, parse.GetValue(limit), parse.GetValue(resize), imageSize, Rgb: ArchitectureRegistry.NeedsRgb(archName))));
                RobustnessReport? report = null;
                int batches = images.BatchCount(parse.GetValue(batchSize));
                SpectreProgress.Instance.Run($"robustness {archName} on {images.Count} images", batches, tick =>
                    report = new RobustnessEvaluator(options).Evaluate(
                        model, PerceptualLosses.Study.Pipeline.Ticking.Count(images.Batches(parse.GetValue(batchSize), device: target), n => tick(n, $"batch {n}/{batches}"))));
                var result = new Dictionary<string, object?>
                {
                    ["examples"] = report!.Examples,
                    ["clean_accuracy"] = report.CleanAccuracy,
                    ["pgd_accuracy"] = report.PgdAccuracy,
                    ["pgd_target_success_rate"] = report.PgdTargetSuccessRate,
                    ["strong_accuracy"] = report.StrongAccuracy,
                    ["strong_target_success_rate"] = report.StrongTargetSuccessRate,
                    ["worst_case_accuracy"] = report.WorstCaseAccuracy,
                    ["large_epsilon_accuracy"] = report.LargeEpsilonAccuracy,
                    ["short_pgd_accuracy"] = report.ShortPgdAccuracy,
                    ["warnings"] = report.Warnings,
                    ["protocol"] = report.Protocol,
                };
                Output.Write(result, parse.GetValue(json), "perceptual robustness");
                return 0;
            }
        });
        return command;
    }

    /// <summary>A train-classifier output (architecture.json beside it), or with <paramref name="arch"/> a PyTorch/robustness file.</summary>
    private static (nn.Module<Tensor, Tensor> Model, string Arch, int ImageSize) LoadModel(string weights, string? arch, int numClasses, double width, int crop, Device device) =>
        InputFiles.Load("--model", weights, path =>
        {
            if (arch is not null)
            {
                return (ModelStore.Classifier(path, new ClassifierArchitecture(arch, 3, crop, numClasses, width), device).Model, arch, crop);
            }

            var (loaded, architecture) = ModelStore.Classifier(path, device);
            return (loaded.Model, architecture.Arch, architecture.ImageSize);
        });
}
