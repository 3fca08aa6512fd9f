using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;

namespace PerceptualLosses.Losses;

/// <summary>
/// The paper's six loss configurations (E, EP, EPT, ET, P, PT) with its weights: E with λ = 1; P with λ = 0.2 and 0.02;
/// T with λ = 3·10⁻⁷, 10⁻⁶, 10⁻⁶ on 16×16 patches of the rectified <c>relu1_1, relu2_1, relu3_1</c> maps (EnhanceNet's
/// Caffe/TensorFlow <c>conv1.1, conv2.1, conv3.1</c>, see <see cref="TextureLayers"/>). P layers depend on the <see cref="LayerReading"/>.
/// </summary>
public static class LossPresets
{
    /// <summary>λ of the pixel MSE term.</summary>
    public const double PixelWeight = 1.0;

    /// <summary>λ of the two P terms (paper §2: λ₂ = 0.2, λ₅ = 0.02).</summary>
    public static readonly double[] FeatureWeights = { 0.2, 0.02 };

    /// <summary>λ of the three T terms (paper §2: λ₁ = 3·10⁻⁷, λ₃ = 10⁻⁶, λ₅ = 10⁻⁶).</summary>
    public static readonly double[] TextureWeights = { 3e-7, 1e-6, 1e-6 };

    /// <summary>The short names of the paper, in Table 2's order.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "E", "EP", "EPT", "ET", "P", "PT" };

    /// <summary>VGG-19 layers of the P terms for a reading.</summary>
    public static IReadOnlyList<string> FeatureLayers(LayerReading reading) => reading switch
    {
        LayerReading.EnhanceNet => new[] { "pool2", "pool5" },
        LayerReading.Literal => new[] { "relu1_2", "relu3_1" },
        _ => throw new ArgumentOutOfRangeException(nameof(reading), reading, "Unknown layer reading."),
    };

    /// <summary>VGG-19 layers of the T terms (the same in both readings): the rectified maps <c>relu1_1, relu2_1, relu3_1</c>.</summary>
    /// <remarks>
    /// EnhanceNet names its texture layers <c>conv1.1, conv2.1, conv3.1</c> in Caffe/TensorFlow terms, where the blob of a
    /// conv layer's name holds the map after its ReLU (Caffe's ReLU runs in place on the conv blob; TF-slim's
    /// <c>conv2d</c> applies the ReLU itself). In torchvision's <c>features</c> that map is <c>relu1_1</c> (index 1), not
    /// <c>conv1_1</c> (index 0). A spec can still ask for the pre-activation map explicitly: <c>T(conv1_1)</c>.
    /// </remarks>
    public static IReadOnlyList<string> TextureLayers(LayerReading reading) => reading switch
    {
        LayerReading.EnhanceNet or LayerReading.Literal => new[] { "relu1_1", "relu2_1", "relu3_1" },
        _ => throw new ArgumentOutOfRangeException(nameof(reading), reading, "Unknown layer reading."),
    };

    /// <summary>The spec of a short name (<c>E, EP, EPT, ET, P, PT</c>).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static LossSpec Get(string name, LayerReading reading = LayerReading.EnhanceNet, TextureOptions? texture = null)
    {
        Guard.NotNull(name);
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown loss preset '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
        }

        var terms = new List<LossTerm>();
        if (name.Contains('E', StringComparison.Ordinal))
        {
            terms.Add(new LossTerm(LossTermKind.Pixel, PixelWeight));
        }

        if (name.Contains('P', StringComparison.Ordinal))
        {
            terms.AddRange(FeatureLayers(reading).Select((layer, i) => new LossTerm(LossTermKind.Feature, FeatureWeights[i], layer)));
        }

        if (name.Contains('T', StringComparison.Ordinal))
        {
            terms.AddRange(TextureLayers(reading).Select((layer, i) => new LossTerm(LossTermKind.Texture, TextureWeights[i], layer)));
        }

        return new LossSpec(terms, texture ?? TextureOptions.Paper);
    }
}
