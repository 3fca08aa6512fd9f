using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Metrics;

namespace PerceptualLosses.Study.Runs;

/// <summary>
/// What <c>perceptual train-lpips</c> trains, typed: LPIPS (or, with <see cref="LpipsTrainingOptions.Robust"/>, R-LPIPS)
/// lin layers on a fixed torchvision VGG-16 trunk, on BAPPS 2AFC set folders. Checked by <see cref="Validate"/> before
/// any file is read; messages name these properties.
/// </summary>
/// <param name="Data">BAPPS 2AFC set folders with <c>ref/</c>, <c>p0/</c>, <c>p1/</c>, <c>judge/</c> (e.g. <c>2afc/train/traditional</c>).</param>
/// <param name="Validation">BAPPS 2AFC folders whose 2AFC agreement is reported after training; empty for none.</param>
/// <param name="Vgg16Weights">torchvision VGG-16 weights, the fixed trunk (its width is read from the file).</param>
/// <param name="Training">Schedule, learning rate, seed and the R-LPIPS attack.</param>
/// <param name="BatchSize">Triplets per batch (reference: 50).</param>
public sealed record LpipsTrainingRun(
    IReadOnlyList<string> Data,
    IReadOnlyList<string> Validation,
    string Vgg16Weights,
    LpipsTrainingOptions Training,
    int BatchSize)
{
    /// <summary>Throws when a value is out of range (naming the property) before any file is read.</summary>
    /// <exception cref="ArgumentException">No data folder, a batch size below 1, or what <see cref="LpipsTrainingOptions.Validate"/> refuses.</exception>
    public void Validate()
    {
        if (Data is null || Data.Count == 0 || Data.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"{nameof(Data)} must name at least one BAPPS 2AFC folder (ref/, p0/, p1/, judge/).", nameof(Data));
        }

        if (Validation is null || Validation.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"{nameof(Validation)} must list BAPPS 2AFC folders (or none).", nameof(Validation));
        }

        if (string.IsNullOrEmpty(Vgg16Weights))
        {
            throw new ArgumentException($"{nameof(Vgg16Weights)} must name the torchvision VGG-16 weights of the trunk.", nameof(Vgg16Weights));
        }

        Guard.AtLeast(BatchSize, 1);

        Guard.NotNull(Training).Validate();
    }
}
