using System;
using PerceptualLosses.Common;
using PerceptualLosses.Attacks;
using PerceptualLosses.Models;

namespace PerceptualLosses.Study.Runs;

/// <summary>
/// What <c>perceptual robustness</c> evaluates, typed: a classifier file, its labelled test images and the attack
/// protocol (the paper's Table 1: clean and targeted PGD-50 accuracy, with sanity checks). Checked by
/// <see cref="Validate"/> before any file is read; messages name these properties.
/// </summary>
/// <param name="Model">Classifier weights: written by <c>train-classifier</c> (with <see cref="ClassifierArchitecture.FileName"/> beside them), or a torchvision state dict / robustness checkpoint when <paramref name="Architecture"/> is given.</param>
/// <param name="Architecture">The architecture of a <paramref name="Model"/> without its sidecar (its image size is the crop); null: read the sidecar.</param>
/// <param name="Data">IDX folder (<c>t10k-*</c>) or an ImageNet-style class folder (<c>val/&lt;class&gt;/&lt;image&gt;</c>).</param>
/// <param name="Resize">Class folders: shorter side resized to this before the centre crop.</param>
/// <param name="Limit">Evaluate the first N test images (0 = all).</param>
/// <param name="Evaluation">Attack protocol and seed.</param>
/// <param name="BatchSize">Images per attack batch.</param>
public sealed record RobustnessRun(
    string Model,
    ClassifierArchitecture? Architecture,
    string Data,
    int Resize,
    int Limit,
    RobustnessEvaluationOptions Evaluation,
    int BatchSize)
{
    /// <summary>Throws when a value is out of range (naming the property) before any file is read.</summary>
    /// <exception cref="ArgumentException">A value out of range, an unknown architecture, or what <see cref="RobustnessEvaluationOptions.Validate"/> refuses.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Model))
        {
            throw new ArgumentException($"{nameof(Model)} must name a classifier weights file.", nameof(Model));
        }

        if (string.IsNullOrEmpty(Data))
        {
            throw new ArgumentException($"{nameof(Data)} must name a folder of labelled test images.", nameof(Data));
        }

        Architecture?.Validate();
        Guard.AtLeast(Resize, 1);
        Guard.AtLeast(Limit, 0);
        Guard.AtLeast(BatchSize, 1);
        Guard.NotNull(Evaluation).Validate();
    }
}
