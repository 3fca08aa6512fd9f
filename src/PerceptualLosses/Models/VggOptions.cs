using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>Architecture options of a <see cref="Vgg"/> network.</summary>
/// <param name="Depth">11, 13, 16 or 19 weight layers (configurations A, B, D, E of Simonyan and Zisserman 2015).</param>
/// <param name="BatchNorm">Insert BatchNorm2d after every conv (torchvision <c>vgg*_bn</c>); shifts <c>features.N</c> indices.</param>
/// <param name="NumClasses">Outputs of the last linear layer (1000 for ImageNet).</param>
/// <param name="WidthMultiplier">Scales every conv and hidden linear width (1 = torchvision); small values give CPU-scale models with the same keys.</param>
/// <param name="IncludeClassifier">false: features only (no <c>avgpool</c>/<c>classifier</c>); forward returns the last pooling output.</param>
/// <param name="Pooling">Max (torchvision) or average pooling (Gatys et al. 2016).</param>
/// <param name="NormalizeInput">true: input is RGB in [0,1] and the model applies the ImageNet mean/std itself; false: input is passed to the first conv unchanged.</param>
public sealed record VggOptions(
    int Depth = 19,
    bool BatchNorm = false,
    int NumClasses = 1000,
    double WidthMultiplier = 1.0,
    bool IncludeClassifier = true,
    VggPooling Pooling = VggPooling.Max,
    bool NormalizeInput = true)
{
    /// <summary>Supported depths.</summary>
    public static IReadOnlyList<int> SupportedDepths { get; } = new[] { 11, 13, 16, 19 };

    /// <summary>torchvision <c>vgg19</c>: 1000 ImageNet classes, max pooling, input RGB [0,1] normalized inside.</summary>
    public static VggOptions Vgg19ImageNet { get; } = new(Depth: 19);

    /// <summary>torchvision <c>vgg16</c> (the LPIPS trunk and Johnson et al.'s loss network).</summary>
    public static VggOptions Vgg16ImageNet { get; } = new(Depth: 16);

    /// <summary>VGG-19 convolutional part only (what the perceptual losses read), max pooling, ImageNet input normalization.</summary>
    public static VggOptions Vgg19FeaturesOnly { get; } = new(Depth: 19, IncludeClassifier: false);

    /// <summary>VGG-19 features with average pooling, as in Gatys et al. (2016) texture/style networks.</summary>
    public static VggOptions Vgg19Gatys { get; } = new(Depth: 19, IncludeClassifier: false, Pooling: VggPooling.Average);

    /// <summary>Infers the architecture of a torchvision-format VGG state dict (depth from the conv count, batch norm from
    /// running statistics, width from <c>features.0.weight</c>, classes from <c>classifier.6.weight</c>).</summary>
    /// <param name="stateDict">Keys as torchvision (<c>module.</c> prefixes already removed).</param>
    /// <param name="normalizeInput">Value for <see cref="NormalizeInput"/> (not stored in the file).</param>
    /// <param name="pooling">Value for <see cref="Pooling"/> (not stored in the file).</param>
    /// <exception cref="ArgumentException">The keys do not describe a VGG.</exception>
    public static VggOptions FromStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool normalizeInput = true, VggPooling pooling = VggPooling.Max)
    {
        Guard.NotNull(stateDict);
        var file = WeightLayouts.Detect(stateDict.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal));
        if (file is not { Layout: WeightLayout.TorchvisionVgg, Depth: int depth, WidthMultiplier: double width })
        {
            throw new ArgumentException($"stateDict is not a torchvision VGG: it holds {file.Description} (VGG-11/13/16/19 have 8/10/13/16 conv weights under features.*).", nameof(stateDict));
        }

        return new VggOptions(depth, file.BatchNorm, file.NumClasses ?? 1000, width, file.NumClasses is not null, pooling, normalizeInput);
    }

    /// <summary>Throws if an option is out of range.</summary>
    public void Validate()
    {
        Guard.OneOf(Depth, SupportedDepths);
        Guard.AtLeast(NumClasses, 1);
        Guard.Positive(WidthMultiplier);
        Guard.Defined(Pooling);
    }

    /// <summary>Channel count after applying <see cref="WidthMultiplier"/> (at least 1).</summary>
    internal int Scale(int channels) => Math.Max(1, (int)Math.Round(channels * WidthMultiplier));
}
