using System;
using System.Collections.Generic;
using PerceptualLosses.Attacks;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Classifiers;
using PerceptualLosses.Study.Pipeline;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>Evaluates the classifier of a <see cref="RobustnessRun"/>: clean and adversarial accuracy with gradient-masking checks.</summary>
public static class RobustnessRunner
{
    /// <summary>
    /// Loads the classifier (by its sidecar, or by <see cref="RobustnessRun.Architecture"/>), opens the test images at
    /// its input size and returns the report as a summary (<c>examples</c>, <c>clean_accuracy</c>, <c>pgd_accuracy</c>,
    /// <c>pgd_target_success_rate</c>, <c>strong_accuracy</c>, <c>strong_target_success_rate</c>,
    /// <c>worst_case_accuracy</c>, <c>large_epsilon_accuracy</c>, <c>short_pgd_accuracy</c>, <c>warnings</c>,
    /// <c>protocol</c>).
    /// </summary>
    /// <param name="run">What to evaluate; checked before any file is read.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="progress">Progress display (reports every batch).</param>
    /// <exception cref="System.IO.InvalidDataException">A file that cannot be read, naming the setting (<c>Model</c>, <c>Data</c>).</exception>
    public static Dictionary<string, object?> Evaluate(RobustnessRun run, Device device, IStudyProgress progress)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        run.Validate();
        var (model, architecture) = UserErrors.Read(nameof(RobustnessRun.Model), run.Model, path => Load(path, run.Architecture, device));
        using (model)
        {
            using var images = UserErrors.Read(nameof(RobustnessRun.Data), run.Data, path => LabelledImages.Open(
                path, new LabelledImagesOptions(Train: false, run.Limit, run.Resize, architecture.ImageSize, Rgb: ArchitectureRegistry.NeedsRgb(architecture.Arch))));
            RobustnessReport? report = null;
            int batches = images.BatchCount(run.BatchSize);
            progress.Run($"robustness {architecture.Arch} on {images.Count} images", batches, tick =>
                report = new RobustnessEvaluator(run.Evaluation).Evaluate(
                    model, Ticking.Count(images.Batches(run.BatchSize, device: device), n => tick(n, $"batch {n}/{batches}"))));
            return new Dictionary<string, object?>
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
        }
    }

    /// <summary>A classifier by its sidecar, or a torchvision/robustness file of the architecture given.</summary>
    private static (nn.Module<Tensor, Tensor> Model, ClassifierArchitecture Architecture) Load(string path, ClassifierArchitecture? given, Device device)
    {
        if (given is not null)
        {
            return (ModelStore.Classifier(path, given, device).Model, given);
        }

        var (loaded, architecture) = ModelStore.Classifier(path, device);
        return (loaded.Model, architecture);
    }
}
