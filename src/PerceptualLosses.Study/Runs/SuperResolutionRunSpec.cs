using System;
using System.Text.Json;
using PerceptualLosses.Data;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using PerceptualLosses.Training;

namespace PerceptualLosses.Study.Runs;

/// <summary>
/// A super-resolution training run, parsed once at the edge (<see cref="Parse"/>): the loss as a <see cref="LossSpec"/>,
/// the generator as <see cref="EnhanceNetOptions"/>, batches and optimiser as the library's options, and the loss network's
/// source. Each part is validated once, by the library type that uses it (EnhanceNet, SuperResolutionBatches,
/// SuperResolutionTrainer, CompositePerceptualLoss), not here.
/// </summary>
/// <param name="TrainImages">Folder of training images (searched recursively).</param>
/// <param name="ValidationImages">Folder of validation HR images.</param>
/// <param name="Loss">The loss; its layer names are checked against the loaded network by <see cref="CompositePerceptualLoss"/>.</param>
/// <param name="LossNetwork">The VGG for P and T terms; null when <paramref name="Loss"/> has none.</param>
/// <param name="Generator">EnhanceNet architecture (its scale is the run's).</param>
/// <param name="Batches">HR crop side, batch size and data seed.</param>
/// <param name="Training">Steps, learning rate, validation and checkpoint intervals, seed.</param>
/// <param name="Settings">The settings as given; their JSON (minus the step count) is the resume fingerprint of the output folder.</param>
public sealed record SuperResolutionRunSpec(
    string TrainImages,
    string ValidationImages,
    LossSpec Loss,
    LossNetworkSource? LossNetwork,
    EnhanceNetOptions Generator,
    SuperResolutionBatchOptions Batches,
    SuperResolutionTrainingOptions Training,
    SuperResolutionRun Settings)
{
    /// <summary>The resume fingerprint: the settings' JSON without the step count (a run may be continued for more steps).</summary>
    public string Fingerprint => JsonSerializer.Serialize(Settings with { Steps = 0 });

    /// <summary>
    /// Throws if a setting is out of range: the options' own <c>Validate()</c> (EnhanceNet, batches, trainer), the one
    /// check of their ranges; the exception names the option's property (e.g. <c>HighResolutionPatch</c>).
    /// </summary>
    public void Validate()
    {
        Generator.Validate();
        Batches.Validate();
        Training.Validate();
    }

    /// <summary>Parses <paramref name="run"/>: the loss spec once, and the library options its settings make.</summary>
    /// <param name="run">The settings (CLI options or a study configuration).</param>
    /// <param name="loss">The loss, when the caller has parsed <see cref="SuperResolutionRun.Loss"/> already (a study plan parses each once).</param>
    /// <exception cref="LossSpecFormatException">The loss spec is malformed.</exception>
    /// <exception cref="ArgumentException">A P or T term without <see cref="SuperResolutionRun.VggWeights"/> (the exception names it).</exception>
    public static SuperResolutionRunSpec Parse(SuperResolutionRun run, LossSpec? loss = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        loss ??= LossSpec.Parse(run.Loss, run.Layers);
        var generator = EnhanceNetOptions.For(run.Model) with { Scale = run.Scale };
        var network = LossNetworkSource.For(loss, run.VggWeights, run.Robust);
        var batches = new SuperResolutionBatchOptions(run.Scale, run.Patch, run.Batch, run.Seed, Prefetch: 2);
        var training = new SuperResolutionTrainingOptions(run.Steps, run.LearningRate, ValidateEvery: run.ValidateEvery, CheckpointEvery: run.CheckpointEvery, Seed: run.Seed);
        return new SuperResolutionRunSpec(run.Train, run.Validation, loss, network, generator, batches, training, run);
    }
}
