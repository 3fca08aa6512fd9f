using System.Collections.Generic;

namespace PerceptualLosses.Models;

/// <summary>Per-channel ImageNet mean and standard deviation of RGB images in [0,1], as used by torchvision's pretrained classifiers.</summary>
/// <remarks>
/// Source: torchvision <c>transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])</c>
/// (torchvision/models docs) and MadryLab robustness <c>constants.IMAGENET_MEAN/STD</c> (same values).
/// Defined once here; every model that normalizes its input inside reads these values.
/// </remarks>
public static class ImageNetStatistics
{
    /// <summary>RGB mean (0.485, 0.456, 0.406).</summary>
    public static IReadOnlyList<float> Mean { get; } = new[] { 0.485f, 0.456f, 0.406f };

    /// <summary>RGB standard deviation (0.229, 0.224, 0.225).</summary>
    public static IReadOnlyList<float> Std { get; } = new[] { 0.229f, 0.224f, 0.225f };
}
