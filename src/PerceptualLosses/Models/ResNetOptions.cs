using System.Collections.Generic;
using PerceptualLosses.Common;

namespace PerceptualLosses.Models;

/// <summary>Architecture options of a <see cref="ResNet"/>.</summary>
/// <param name="Depth">18 or 34 (basic blocks), 50 or 101 (bottleneck blocks).</param>
/// <param name="NumClasses">Outputs of <c>fc</c> (1000 for ImageNet).</param>
/// <param name="BaseWidth">Channels of the stem and of <c>layer1</c>'s blocks (torchvision: 64); stages use 1, 2, 4, 8 times this. Small values give CPU-scale models with the same keys.</param>
/// <param name="NormalizeInput">true: input is RGB in [0,1] and the ImageNet mean/std is applied inside (as MadryLab robustness's normalizer does); false: input goes to <c>conv1</c> unchanged.</param>
public sealed record ResNetOptions(int Depth = 50, int NumClasses = 1000, int BaseWidth = 64, bool NormalizeInput = true)
{
    /// <summary>Supported depths.</summary>
    public static IReadOnlyList<int> SupportedDepths { get; } = new[] { 18, 34, 50, 101 };

    /// <summary>torchvision <c>resnet50</c> / MadryLab robustness ImageNet ResNet-50 (the paper's judges).</summary>
    public static ResNetOptions ResNet50ImageNet { get; } = new(Depth: 50);

    /// <summary>torchvision <c>resnet18</c>.</summary>
    public static ResNetOptions ResNet18ImageNet { get; } = new(Depth: 18);

    /// <summary>Throws if an option is out of range.</summary>
    public void Validate()
    {
        Guard.OneOf(Depth, SupportedDepths);
        Guard.AtLeast(NumClasses, 1);
        Guard.AtLeast(BaseWidth, 1);
    }

    /// <summary>Blocks per stage (He et al. 2016, Table 1).</summary>
    internal int[] BlocksPerStage => Depth switch
    {
        18 => new[] { 2, 2, 2, 2 },
        34 => new[] { 3, 4, 6, 3 },
        50 => new[] { 3, 4, 6, 3 },
        _ => new[] { 3, 4, 23, 3 },
    };

    /// <summary>Whether the stages use bottleneck blocks (expansion 4).</summary>
    internal bool UsesBottleneck => Depth >= 50;
}
