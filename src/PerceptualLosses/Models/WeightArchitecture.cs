using System;
using System.Globalization;

namespace PerceptualLosses.Models;

/// <summary>What a weights file's keys and shapes imply.</summary>
/// <param name="Layout">Recognised key layout.</param>
/// <param name="Family">Architecture family, e.g. <c>VGG</c>, <c>ResNet</c>, <c>LPIPS lin (vgg)</c>; null when unknown.</param>
/// <param name="Depth">Layer count in the name (19 for VGG-19, 50 for ResNet-50; 11 for SqueezeNet 1.1); null when not applicable.</param>
/// <param name="WidthMultiplier">Channels relative to the published architecture (1 = torchvision; 0.0625 = 1/16); null when not applicable.</param>
/// <param name="NumClasses">Classifier outputs; null when the file has no classifier.</param>
/// <param name="BatchNorm">VGG with batch norm.</param>
/// <param name="Description">One phrase, e.g. <c>a VGG-19 at width 1/16 with 10 classes</c>.</param>
public sealed record WeightArchitecture(WeightLayout Layout, string? Family, int? Depth, double? WidthMultiplier, int? NumClasses, bool BatchNorm, string Description)
{
    /// <summary>Width as a fraction when it is one (<c>1/16</c>), else as a number.</summary>
    public static string FormatWidth(double width)
    {
        double inverse = 1 / width;
        return width < 1 && Math.Abs(inverse - Math.Round(inverse)) < 1e-9
            ? FormattableString.Invariant($"1/{Math.Round(inverse)}")
            : width.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
