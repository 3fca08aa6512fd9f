using System;
using System.Collections.Generic;
using PerceptualLosses.Common;

namespace PerceptualLosses.Metrics;

/// <summary>Settings of an LPIPS network.</summary>
/// <param name="InputRange">Range of the images passed to <see cref="Lpips.Compute"/>.</param>
/// <param name="Layers">Trunk taps, in order; their channel counts are read from the trunk at first use.</param>
/// <param name="Epsilon">Added to the channel norm before dividing (reference: 1e-10).</param>
public sealed record LpipsOptions(LpipsInputRange InputRange, IReadOnlyList<string> Layers, double Epsilon = 1e-10)
{
    /// <summary>The five VGG-16 taps of LPIPS v0.1 (<c>features[0:4), [4:9), [9:16), [16:23), [23:30)</c>).</summary>
    public static IReadOnlyList<string> Vgg16Layers { get; } = new[] { "relu1_2", "relu2_2", "relu3_3", "relu4_3", "relu5_3" };

    /// <summary>The five AlexNet taps of LPIPS v0.1 (<c>features[0:2), [2:5), [5:8), [8:10), [10:12)</c>).</summary>
    public static IReadOnlyList<string> AlexLayers { get; } = new[] { "relu1", "relu2", "relu3", "relu4", "relu5" };

    /// <summary>The seven SqueezeNet 1.1 taps of LPIPS v0.1 (<c>features[0:2), [2:5), [5:8), [8:10), [10], [11], [12]</c>).</summary>
    public static IReadOnlyList<string> SqueezeLayers { get; } = new[] { "relu1", "relu2", "relu3", "relu4", "relu5", "relu6", "relu7" };

    /// <summary>LPIPS v0.1 with VGG-16 on images in [0,1].</summary>
    public static LpipsOptions Vgg16ZeroToOne { get; } = new(LpipsInputRange.ZeroToOne, Vgg16Layers);

    /// <summary>LPIPS v0.1 settings for <paramref name="net"/>'s taps.</summary>
    /// <param name="net">The trunk.</param>
    /// <param name="inputRange">Range of the images that will be scored.</param>
    public static LpipsOptions For(LpipsNet net, LpipsInputRange inputRange) => new(inputRange, LayersOf(net));

    /// <summary>The taps LPIPS v0.1 reads from <paramref name="net"/>, in lin order.</summary>
    /// <param name="net">The trunk.</param>
    public static IReadOnlyList<string> LayersOf(LpipsNet net) => net switch
    {
        LpipsNet.Alex => AlexLayers,
        LpipsNet.Vgg => Vgg16Layers,
        LpipsNet.Squeeze => SqueezeLayers,
        _ => throw new ArgumentOutOfRangeException(nameof(net), net, "Unknown LPIPS net."),
    };

    internal void Validate()
    {
        Guard.NotEmpty(Layers, "trunk layer");

        Guard.Positive(Epsilon);
    }
}
