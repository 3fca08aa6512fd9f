using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Training;

/// <summary>SGD with momentum, schedule, objective and checkpointing of <see cref="AdversarialTrainer"/>.</summary>
/// <param name="Epochs">Epochs ≥ 1.</param>
/// <param name="Objective">Clean / adversarial / logit-pairing weights and the attack.</param>
/// <param name="LearningRate">Base learning rate (robustness ImageNet default 0.1).</param>
/// <param name="Momentum">SGD momentum (robustness: 0.9).</param>
/// <param name="WeightDecay">L2 weight decay (robustness ImageNet: 1e-4).</param>
/// <param name="Schedule">Learning-rate schedule.</param>
/// <param name="StepEpochs">Epochs between decays for <see cref="LearningRateSchedule.Step"/> (robustness ImageNet: 50).</param>
/// <param name="StepGamma">Decay factor for <see cref="LearningRateSchedule.Step"/> (robustness: 0.1).</param>
/// <param name="CheckpointEvery">Steps between checkpoints inside an epoch (0: after each epoch only), so that an
/// interrupted ImageNet-size epoch resumes where it stopped.</param>
public sealed record ClassifierTrainingOptions(
    int Epochs,
    AdversarialTrainingOptions Objective,
    double LearningRate = 0.1,
    double Momentum = 0.9,
    double WeightDecay = 1e-4,
    LearningRateSchedule Schedule = LearningRateSchedule.Step,
    int StepEpochs = 50,
    double StepGamma = 0.1,
    int CheckpointEvery = 0)
{
    /// <summary>Learning rate for the 0-based <paramref name="epoch"/>.</summary>
    public double LearningRateAt(int epoch) => Schedule switch
    {
        LearningRateSchedule.Constant => LearningRate,
        LearningRateSchedule.Step => LearningRate * Math.Pow(StepGamma, epoch / StepEpochs),
        LearningRateSchedule.Cosine => LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / Epochs)),
        _ => throw new ArgumentOutOfRangeException(nameof(epoch), Schedule, "Unknown schedule."),
    };

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        Guard.AtLeast(Epochs, 1);
        Guard.NotNull(Objective).Validate();
        Guard.Positive(LearningRate);
        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        }

        if (!(WeightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be ≥ 0.");
        }

        Guard.AtLeast(StepEpochs, 1);
        Guard.Positive(StepGamma);
        Guard.AtLeast(CheckpointEvery, 0);
    }
}
