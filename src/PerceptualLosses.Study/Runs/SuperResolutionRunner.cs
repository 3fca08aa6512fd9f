using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Data;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Runtime;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>Runs (or resumes) one EnhanceNet training from a <see cref="SuperResolutionRun"/>: the work behind <c>perceptual train-sr</c>.</summary>
public static class SuperResolutionRunner
{
    /// <summary>The layer reading named <c>literal</c> or <c>enhancenet</c>.</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static LayerReading Reading(string name) => name switch
    {
        "literal" => LayerReading.Literal,
        "enhancenet" => LayerReading.EnhanceNet,
        _ => throw new ArgumentException($"layers must be 'enhancenet' or 'literal'; got '{name}'.", nameof(name)),
    };

    /// <summary>The generator architecture a run trains.</summary>
    public static EnhanceNetOptions Architecture(SuperResolutionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Model switch
        {
            "tiny" => EnhanceNetOptions.Tiny with { Scale = run.Scale },
            "paper" => EnhanceNetOptions.Paper with { Scale = run.Scale },
            _ => throw new ArgumentException($"model must be 'paper' or 'tiny'; got '{run.Model}'.", nameof(run)),
        };
    }

    /// <summary>
    /// Trains (continuing from the checkpoint in <paramref name="outputFolder"/> when <paramref name="resume"/>), writes
    /// <see cref="GeneratorFiles.WeightsName"/> and its architecture file there, and returns a summary.
    /// </summary>
    /// <param name="run">What to train.</param>
    /// <param name="outputFolder">Checkpoints, log and the final weights.</param>
    /// <param name="resume">Continue from the checkpoint in <paramref name="outputFolder"/> if there is one.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="progress">Progress display (reports every step).</param>
    /// <param name="title">Progress title; <c>train-sr &lt;loss&gt;</c> when null.</param>
    public static Dictionary<string, object?> Train(SuperResolutionRun run, string outputFolder, bool resume, Device device, IStudyProgress progress, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        var spec = LossSpec.Parse(run.Loss, Reading(run.Layers));
        var generatorOptions = Architecture(run);
        Reproducibility.Seed(run.Seed);
        using var vgg = spec.NeedsFeatureNetwork
            ? LossNetworks.Load(run.VggWeights ?? throw new ArgumentException($"--vgg-weights is required: '{spec}' has P or T terms."), run.Robust, device)
            : null;
        if (vgg is not null)
        {
            // Parsed again against the loaded network, so an unknown layer is reported at its position in the spec.
            spec = LossSpec.Parse(run.Loss, Reading(run.Layers), knownLayers: vgg.LayerNames.ToArray());
        }

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
            // The HR crops are decoded images, in [0,1] by construction: checking their range again every step would cost a
            // device-to-host read (a CUDA synchronisation) per step.
            generator, new CompositePerceptualLoss(spec, vgg, validateTargetRange: false), batches, validation, metrics,
            new SuperResolutionTrainingOptions(run.Steps, run.LearningRate, ValidateEvery: run.ValidateEvery, CheckpointEvery: run.CheckpointEvery, Seed: run.Seed),
            outputFolder, JsonSerializer.Serialize(run with { Steps = 0 }));
        int reached = 0;
        SuperResolutionTrainingProgress? last = null;
        progress.Run(title ?? $"train-sr {run.Loss}", run.Steps, report =>
            reached = trainer.Run(resume, new SynchronousProgress(p =>
            {
                last = p;
                report(p.Step, string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:0.####} · {p.StepsPerSecond:0.##} steps/s{(p.Validation is double v ? $" · val PSNR-Y {v:0.##} dB" : "")}"));
            })));

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
            ["steps_per_second"] = last?.StepsPerSecond,
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
