using System;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using PerceptualLosses.Training;

namespace PerceptualLosses.Study.Runs;

/// <summary>
/// What <c>perceptual train-classifier</c> trains, typed: labelled images, an architecture of
/// <see cref="ArchitectureRegistry"/> and the training options (objective, schedule, checkpoints). Checked by
/// <see cref="Validate"/> before any file is read; messages name these properties.
/// </summary>
/// <param name="Data">IDX folder (<c>train-images-idx3-ubyte(.gz)</c>, <c>train-labels-idx1-ubyte(.gz)</c>) or an ImageNet-style class folder (<c>root/&lt;class&gt;/&lt;image&gt;</c>).</param>
/// <param name="Arch">Architecture name (<see cref="ArchitectureRegistry.Names"/>).</param>
/// <param name="Width">Channel multiplier of VGG/ResNet (1 = torchvision).</param>
/// <param name="ImageSize">Class folders: side of the random training crop; IDX for VGG/ResNet: the padded side. 0: 224 for class folders, <see cref="ArchitectureRegistry.MinimumImageNetStyleSize"/> for IDX.</param>
/// <param name="Limit">Use only the first N training images (0 = all).</param>
/// <param name="Training">Epochs, objective, learning rate and schedule, checkpoint interval.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Seed">Seed of torch and of the data order (epoch e shuffles with Seed + e).</param>
public sealed record ClassifierTrainingRun(
    string Data,
    string Arch,
    double Width,
    int ImageSize,
    int Limit,
    ClassifierTrainingOptions Training,
    int BatchSize,
    int Seed)
{
    /// <summary>Throws when a value is out of range (naming the property) before any file is read.</summary>
    /// <exception cref="ArgumentException">A value out of range, an unknown architecture, or what <see cref="ClassifierTrainingOptions.Validate"/> refuses.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Data))
        {
            throw new ArgumentException($"{nameof(Data)} must name a folder of labelled images.", nameof(Data));
        }

        ArchitectureRegistry.CheckName(Arch);
        Guard.Positive(Width);

        Guard.AtLeast(ImageSize, 0);
        Guard.AtLeast(Limit, 0);
        Guard.AtLeast(BatchSize, 1);
        Guard.NotNull(Training).Validate();
    }
}
