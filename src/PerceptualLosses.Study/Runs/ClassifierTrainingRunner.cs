using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Classifiers;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>Trains the classifier of a <see cref="ClassifierTrainingRun"/> into a folder: weights, architecture sidecar, checkpoint.</summary>
public static class ClassifierTrainingRunner
{
    /// <summary>File name of the trained weights (TorchSharp format; <see cref="ClassifierArchitecture.FileName"/> beside it).</summary>
    public const string WeightsName = "model.bin";

    /// <summary>Folder of the checkpoint inside the output folder.</summary>
    public const string CheckpointName = "checkpoint";

    /// <summary>
    /// Trains (continuing mid-epoch from the checkpoint in <paramref name="outputFolder"/> when <paramref name="resume"/>),
    /// writes <see cref="WeightsName"/> and its <see cref="ClassifierArchitecture"/> there, and returns a summary
    /// (<c>arch</c>, <c>channels</c>, <c>image_size</c>, <c>num_classes</c>, <c>width</c>, <c>weights</c>, <c>examples</c>,
    /// <c>data_format</c>, <c>epochs</c>, <c>steps</c>, <c>resumed</c>, <c>objective</c>, <c>last_loss</c>, <c>seconds</c>).
    /// </summary>
    /// <param name="run">What to train; checked before any file is read.</param>
    /// <param name="outputFolder">Weights, sidecar and checkpoint (created when missing).</param>
    /// <param name="resume">Continue from the checkpoint in <paramref name="outputFolder"/> if there is one.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="progress">Progress display (reports every step).</param>
    /// <param name="title">Progress title; <c>train-classifier &lt;arch&gt;</c> when null.</param>
    public static Dictionary<string, object?> Train(ClassifierTrainingRun run, string outputFolder, bool resume, Device device, IStudyProgress progress, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outputFolder);
        ArgumentNullException.ThrowIfNull(progress);
        run.Validate();
        manual_seed(run.Seed);
        bool idx = LabelledImages.IsIdx(run.Data, train: true);
        int size = run.ImageSize > 0 ? run.ImageSize : idx ? ArchitectureRegistry.MinimumImageNetStyleSize : 224;
        using var images = LabelledImages.Open(run.Data, new LabelledImagesOptions(Train: true, run.Limit, Resize: 0, Crop: size, Rgb: ArchitectureRegistry.NeedsRgb(run.Arch)));
        var architecture = new ClassifierArchitecture(run.Arch, images.Channels, images.ImageSize, images.NumClasses, run.Width);
        using var model = ArchitectureRegistry.Create(run.Arch, architecture.Channels, architecture.ImageSize, architecture.NumClasses, run.Width);
        model.to(device);
        var trainer = new AdversarialTrainer(model, run.Training);
        Directory.CreateDirectory(outputFolder);
        string checkpoint = Path.Combine(outputFolder, CheckpointName);
        bool resumed = resume && trainer.TryResume(checkpoint);
        double lastLoss = double.NaN;
        long stepsPerEpoch = images.BatchCount(run.BatchSize);
        var clock = Stopwatch.StartNew();
        progress.Run(title ?? $"train-classifier {run.Arch}", stepsPerEpoch * run.Training.Epochs, report =>
        {
            report(trainer.Step, resumed ? $"resumed at epoch {trainer.Epoch + 1}, batch {trainer.StepInEpoch}" : "");
            var steps = new SynchronousProgress<TrainingProgress>(p =>
            {
                lastLoss = p.Loss;
                report(p.Step, string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch + 1}/{run.Training.Epochs} loss {p.Loss:F4} lr {p.LearningRate:G3} {p.ExamplesPerSecond:F0} img/s"));
            });
            trainer.Train(e => images.Batches(run.BatchSize, shuffleSeed: (ulong)run.Seed + (ulong)e, device: device), checkpoint, steps);
        });
        string weights = Path.Combine(outputFolder, WeightsName);
        model.save(weights);
        architecture.Write(Path.Combine(outputFolder, ClassifierArchitecture.FileName));
        return new Dictionary<string, object?>
        {
            ["arch"] = architecture.Arch,
            ["channels"] = architecture.Channels,
            ["image_size"] = architecture.ImageSize,
            ["num_classes"] = architecture.NumClasses,
            ["width"] = architecture.Width,
            ["weights"] = weights,
            ["examples"] = images.Count,
            ["data_format"] = images.Format,
            ["epochs"] = run.Training.Epochs,
            ["steps"] = trainer.Step,
            ["resumed"] = resumed,
            ["objective"] = run.Training.Objective.ToString(),
            ["last_loss"] = lastLoss,
            ["seconds"] = clock.Elapsed.TotalSeconds,
        };
    }
}
