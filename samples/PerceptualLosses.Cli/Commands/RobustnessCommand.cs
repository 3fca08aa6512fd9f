using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;
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
            var evaluation = RobustnessEvaluationOptions.Presets[parse.GetValue(attack)!] with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(epsilon) is double eps)
            {
                evaluation = evaluation.WithEpsilon(eps);
            }

            // With --arch the file is a torchvision state dict or robustness checkpoint of that architecture at the crop size.
            var architecture = parse.GetValue(arch) is string name ? new ClassifierArchitecture(name, 3, parse.GetValue(crop), parse.GetValue(numClasses), parse.GetValue(width)) : null;
            var run = new RobustnessRun(parse.GetValue(modelPath)!, architecture, parse.GetValue(data)!, parse.GetValue(resize), parse.GetValue(limit), evaluation, parse.GetValue(batchSize));
            run.Validate(); // before torch is loaded or any file is read
            Reproducibility.SetThreads(parse.GetValue(threads));
            var result = RobustnessRunner.Evaluate(run, DeviceSelector.Parse(parse.GetValue(device)!), SpectreProgress.Instance);
            Output.Write(result, parse.GetValue(json), "perceptual robustness");
            return 0;
        });
        return command;
    }
}
