using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Data;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics.Common;
using PerceptualLosses.Metrics.Psnr;
using PerceptualLosses.Models;
using PerceptualLosses.Runtime;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual train-sr</c>: trains an EnhanceNet with any loss spec, with checkpoints and exact resume.</summary>
internal static class TrainSrCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Folder of training images (MS-COCO style; searched recursively).", Required = true };
        var val = new Option<string>("--val") { Description = "Folder of validation HR images (LR made by MATLAB bicubic).", Required = true };
        var loss = new Option<string>("--loss") { Description = "Loss spec: E, EP, EPT, ET, P, PT or weighted terms.", Required = true };
        var vggWeights = new Option<string?>("--vgg-weights") { Description = "VGG-19 weights for P and T terms." };
        var robust = new Option<bool>("--robust") { Description = "--vgg-weights is a robustness-format (robust) checkpoint." };
        var layers = new Option<string>("--layers") { Description = "enhancenet | literal layer reading of the short names.", DefaultValueFactory = _ => "enhancenet" };
        layers.AcceptOnlyFromAmong("enhancenet", "literal");
        var steps = new Option<int>("--steps") { Description = "Optimizer steps in total.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder (log.csv, checkpoint/, enhancenet.pth/.json).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out." };
        var model = new Option<string>("--model") { Description = "paper (64 channels, 10 blocks) | tiny (8 channels, 2 blocks; CPU demos).", DefaultValueFactory = _ => "paper" };
        model.AcceptOnlyFromAmong("paper", "tiny");
        var scale = new Option<int>("--scale") { Description = "Upscaling factor.", DefaultValueFactory = _ => 4 };
        var patch = new Option<int>("--patch") { Description = "HR crop side.", DefaultValueFactory = _ => 128 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 16 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-4 };
        var validateEvery = new Option<int>("--validate-every") { Description = "Steps between validations.", DefaultValueFactory = _ => 1000 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints.", DefaultValueFactory = _ => 1000 };
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("train-sr", "Train an EnhanceNet super-resolution model with a perceptual loss.")
        {
            train, val, loss, vggWeights, robust, layers, steps, output, resume, model, scale, patch, batch, lr, validateEvery, checkpointEvery, seed, device, threads, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var settings = new SuperResolutionRun(
                    parse.GetValue(train)!, parse.GetValue(val)!, parse.GetValue(loss)!, parse.GetValue(vggWeights), parse.GetValue(robust),
                    parse.GetValue(layers)!, parse.GetValue(steps), parse.GetValue(model)!, parse.GetValue(scale), parse.GetValue(patch),
                    parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(validateEvery), parse.GetValue(checkpointEvery), parse.GetValue(seed));
                Reproducibility.SetThreads(parse.GetValue(threads));
                var result = Train(settings, parse.GetValue(output)!, parse.GetValue(resume), DeviceSelector.Parse(parse.GetValue(device)!), showProgress: true);
                Output.Write(result, parse.GetValue(json), "perceptual train-sr");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or FormatException or InvalidOperationException or NotSupportedException)
            {
                Console.Error.WriteLine($"perceptual train-sr: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Runs (or resumes) one training; returns the summary written as JSON.</summary>
    public static Dictionary<string, object?> Train(SuperResolutionRun run, string outputFolder, bool resume, Device device, bool showProgress)
    {
        var spec = LossSpec.Parse(run.Loss, LossCommand.Reading(run.Layers));
        var generatorOptions = run.Model == "tiny" ? EnhanceNetOptions.Tiny with { Scale = run.Scale } : EnhanceNetOptions.Paper with { Scale = run.Scale };
        Reproducibility.Seed(run.Seed);
        using var vgg = spec.NeedsFeatureNetwork
            ? FeatureNetworks.Load(run.VggWeights ?? throw new ArgumentException($"--vgg-weights is required: '{spec}' has P or T terms."), run.Robust, device)
            : null;
        var images = ImageFolder.List(run.Train);
        var pairs = new SuperResolutionPairs(run.Validation, run.Scale);
        var validation = Enumerable.Range(0, pairs.Count).Select(i =>
        {
            var (l, h) = pairs.Load(i);
            return (l.unsqueeze(0).to(device).DetachFromDisposeScope(), h.unsqueeze(0).to(device).DetachFromDisposeScope());
        }).ToArray();
        using var generator = new EnhanceNet(generatorOptions);
        generator.to(device);
        using var batches = new SuperResolutionBatches(images, new SuperResolutionBatchOptions(run.Scale, run.Patch, run.Batch, run.Seed, Prefetch: 2), device);
        var metrics = new Dictionary<string, Func<Tensor, Tensor, double>>
        {
            // PSNR on Y with a border of `scale` pixels, as SR papers report it; the prediction is clipped to [0,1] as when saved.
            ["psnr_y"] = (p, t) => Psnr.Compute(t, p.clamp(0, 1), MetricOptions.SrPaperY(run.Scale)).mean().to_type(ScalarType.Float64).item<double>(),
        };
        Directory.CreateDirectory(outputFolder);
        var trainer = new SuperResolutionTrainer(
            generator, new CompositePerceptualLoss(spec, vgg), batches, validation, metrics,
            new SuperResolutionTrainingOptions(run.Steps, run.LearningRate, ValidateEvery: run.ValidateEvery, CheckpointEvery: run.CheckpointEvery, Seed: run.Seed),
            outputFolder, JsonSerializer.Serialize(run with { Steps = 0 }));
        int reached = 0;
        SuperResolutionTrainingProgress? last = null;
        void Work(Action<double, string>? report) =>
            reached = trainer.Run(resume, new SynchronousProgress(p =>
            {
                last = p;
                report?.Invoke(p.Step, string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:0.####} · {p.StepsPerSecond:0.##} steps/s{(p.Validation is double v ? $" · val PSNR-Y {v:0.##} dB" : "")}"));
            }));
        if (showProgress)
        {
            ProgressDisplay.Run($"train-sr {run.Loss}", run.Steps, report => Work(report));
        }
        else
        {
            Work(null);
        }

        string weights = Path.Combine(outputFolder, GeneratorFiles.WeightsName);
        GeneratorFiles.Save(generator, generatorOptions, weights);
        foreach (var (l, h) in validation)
        {
            l.Dispose();
            h.Dispose();
        }

        return new Dictionary<string, object?>
        {
            ["loss"] = spec.ToString(),
            ["steps"] = reached,
            ["last_loss"] = last?.Loss,
            ["val_psnr_y"] = last?.Validation,
            ["model"] = weights,
            ["log"] = Path.Combine(outputFolder, "log.csv"),
        };
    }

    private sealed class SynchronousProgress : IProgress<SuperResolutionTrainingProgress>
    {
        private readonly Action<SuperResolutionTrainingProgress> action;

        public SynchronousProgress(Action<SuperResolutionTrainingProgress> action) => this.action = action;

        public void Report(SuperResolutionTrainingProgress value) => action(value);
    }
}

/// <summary>Everything that defines a super-resolution training run (its JSON, minus the step count, is the resume fingerprint).</summary>
internal sealed record SuperResolutionRun(
    string Train, string Validation, string Loss, string? VggWeights, bool Robust, string Layers, int Steps, string Model,
    int Scale, int Patch, int Batch, double LearningRate, int ValidateEvery, int CheckpointEvery, int Seed);
