using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Runtime;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>Runs (or resumes) one EnhanceNet training from a <see cref="SuperResolutionRunSpec"/>: the work behind <c>perceptual train-sr</c>.</summary>
public static class SuperResolutionRunner
{
    /// <summary>File name of the trained weights in a training folder (its architecture sidecar is <c>enhancenet.json</c>).</summary>
    public const string WeightsName = "enhancenet.pth";

    /// <summary>
    /// Trains (continuing from the checkpoint in <paramref name="outputFolder"/> when <paramref name="resume"/>), writes
    /// <see cref="WeightsName"/> and its architecture file there, and returns a summary.
    /// </summary>
    /// <param name="run">What to train, parsed.</param>
    /// <param name="outputFolder">Checkpoints, log and the final weights.</param>
    /// <param name="resume">Continue from the checkpoint in <paramref name="outputFolder"/> if there is one.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="progress">Progress display (reports every step).</param>
    /// <param name="title">Progress title; <c>train-sr &lt;loss&gt;</c> when null.</param>
    public static Dictionary<string, object?> Train(SuperResolutionRunSpec run, string outputFolder, bool resume, Device device, IStudyProgress progress, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        run.Validate(); // before any file is read
        Reproducibility.Seed(run.Training.Seed);
        using var vgg = run.LossNetwork?.Load(device).Model;
        // The one check of the spec's layer names, against the network loaded, before any data is read.
        // The HR crops are decoded images, in [0,1] by construction: checking their range again every step would cost a
        // device-to-host read (a CUDA synchronisation) per step.
        var loss = new CompositePerceptualLoss(run.Loss, vgg, validateTargetRange: false);
        var images = ImageFolder.List(run.TrainImages);
        int scale = run.Generator.Scale;
        var pairs = new SuperResolutionPairs(run.ValidationImages, scale);
        var validation = Enumerable.Range(0, pairs.Count).Select(i =>
        {
            var (l, h) = pairs.Load(i);
            return (l.unsqueeze(0).to(device).DetachFromDisposeScope(), h.unsqueeze(0).to(device).DetachFromDisposeScope());
        }).ToArray();
        using var generator = new EnhanceNet(run.Generator);
        generator.to(device);
        using var batches = new SuperResolutionBatches(images, run.Batches, device);
        var metrics = new Dictionary<string, Func<Tensor, Tensor, double>>
        {
            // PSNR on Y with a border of `scale` pixels, as SR papers report it; the prediction is clipped to [0,1] as when saved.
            ["psnr_y"] = (p, t) => Psnr.Compute(p.clamp(0, 1), t, MetricOptions.SrPaperY(scale)).mean().to_type(ScalarType.Float64).item<double>(),
        };
        Directory.CreateDirectory(outputFolder);
        var trainer = new SuperResolutionTrainer(generator, loss, batches, validation, metrics, run.Training, outputFolder, run.Fingerprint);
        int reached = 0;
        SuperResolutionTrainingProgress? last = null;
        progress.Run(title ?? $"train-sr {run.Settings.Loss}", run.Training.Steps, report =>
            reached = trainer.Run(resume, new SynchronousProgress<SuperResolutionTrainingProgress>(p =>
            {
                last = p;
                report(p.Step, string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:0.####} · {p.StepsPerSecond:0.##} steps/s{(p.Validation is double v ? $" · val PSNR-Y {v:0.##} dB" : "")}"));
            })));

        string weights = Path.Combine(outputFolder, WeightsName);
        ModelStore.SaveEnhanceNet(generator, run.Generator, weights);
        foreach (var (l, h) in validation)
        {
            l.Dispose();
            h.Dispose();
        }

        return new Dictionary<string, object?>
        {
            ["loss"] = run.Loss.ToString(),
            ["steps"] = reached,
            ["last_loss"] = last?.Loss,
            ["val_psnr_y"] = last?.Validation,
            ["steps_per_second"] = last?.StepsPerSecond,
            ["model"] = weights,
            ["log"] = Path.Combine(outputFolder, "log.csv"),
        };
    }

    /// <summary>
    /// Upscales an image file with a trained EnhanceNet into <paramref name="destination"/> (its folder is created), on the
    /// network's device. The network's output is unbounded; it is clamped to [0,1] when written, as EnhanceNet-Code's
    /// own script clips when saving.
    /// </summary>
    /// <param name="generator">The trained network (<see cref="ModelStore.EnhanceNet"/>).</param>
    /// <param name="source">Low-resolution RGB image file.</param>
    /// <param name="destination">Output file; format from the extension.</param>
    /// <param name="load">Conversions allowed (<see cref="ImageLoadOptions.Strict"/> when null: a grey or RGBA file is an error naming the option that converts it).</param>
    public static void Upscale(EnhanceNet generator, string source, string destination, ImageLoadOptions? load = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(destination);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = generator.parameters().First().device;
        var lr = ImageIO.Load(source, load).unsqueeze(0).to(device);
        var sr = generator.call(lr)[0].clamp(0, 1);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        ImageIO.Save(sr, destination);
    }
}
