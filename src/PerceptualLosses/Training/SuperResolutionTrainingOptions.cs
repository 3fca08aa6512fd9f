using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Training;

/// <summary>Settings of EnhanceNet-style super-resolution training.</summary>
/// <param name="Steps">Optimizer steps in total (a resumed run continues up to this count).</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Beta1">Adam β₁.</param>
/// <param name="Beta2">Adam β₂.</param>
/// <param name="ValidateEvery">Steps between validations (and at the last step); 0 disables.</param>
/// <param name="CheckpointEvery">Steps between checkpoints (and at the last step).</param>
/// <param name="LogEvery">Steps between CSV log rows.</param>
/// <param name="Seed">Seed of torch's generator (the batch source has its own seed).</param>
public sealed record SuperResolutionTrainingOptions(
    int Steps,
    double LearningRate = 1e-4,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    int ValidateEvery = 1000,
    int CheckpointEvery = 1000,
    int LogEvery = 10,
    int Seed = 0)
{
    /// <summary>
    /// EnhanceNet's optimiser (Sajjadi et al. 2017: Adam, learning rate 10⁻⁴ as tensorpack examples/SuperResolution/enet-pat.py uses;
    /// unverified against the paper's supplement) with PyTorch's default betas; the step count is the caller's.
    /// </summary>
    public static SuperResolutionTrainingOptions Paper(int steps) => new(steps);

    /// <summary>Throws if an option is out of range (the exception names it).</summary>
    public void Validate()
    {
        Guard.AtLeast(Steps, 1);

        Guard.Positive(LearningRate);

        Guard.AtLeast(CheckpointEvery, 1);
        Guard.AtLeast(LogEvery, 1);
        Guard.AtLeast(ValidateEvery, 0);
    }
}
