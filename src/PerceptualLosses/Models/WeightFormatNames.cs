using PerceptualLosses.Common;

namespace PerceptualLosses.Models;

/// <summary>The short names of <see cref="WeightFormat"/> that reports write (<c>perceptual weights --json</c>'s <c>format</c>).</summary>
public static class WeightFormatNames
{
    /// <summary><c>auto</c>, <c>zip</c>, <c>safetensors</c>, <c>torchsharp</c>, <c>legacy</c>.</summary>
    public static EnumNames<WeightFormat> Report { get; } = new(
        "Format",
        (WeightFormat.Auto, "auto"),
        (WeightFormat.PyTorch, "zip"),
        (WeightFormat.Safetensors, "safetensors"),
        (WeightFormat.TorchSharp, "torchsharp"),
        (WeightFormat.PyTorchLegacy, "legacy"));
}
