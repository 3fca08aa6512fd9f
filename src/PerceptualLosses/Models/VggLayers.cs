using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;

namespace PerceptualLosses.Models;

/// <summary>
/// The one table of VGG tap names (<c>conv1_1</c> … <c>relu5_4</c>, <c>pool1</c> … <c>pool5</c>) and their indices in
/// torchvision's <c>features</c> Sequential, computed from the configuration so it is right for VGG-11/13/16/19 with or
/// without batch norm.
/// </summary>
/// <remarks>
/// Configurations A (11), B (13), D (16), E (19) of Simonyan and Zisserman, "Very Deep Convolutional Networks for
/// Large-Scale Image Recognition", ICLR 2015 (arXiv 1409.1556), Table 1; index layout as torchvision/models/vgg.py
/// <c>make_layers</c>: per conv <c>Conv2d</c>, [<c>BatchNorm2d</c>], <c>ReLU</c>; per block end a 2x2 pooling.
/// For VGG-19 without batch norm: relu1_1 = 1, relu2_1 = 6, relu3_1 = 11, relu4_1 = 20, relu5_1 = 29, relu5_4 = 35, pool5 = 36.
/// </remarks>
public sealed class VggLayers
{
    private static readonly int[] BlockWidths = { 64, 128, 256, 512, 512 };

    private readonly Dictionary<string, VggTap> _byName;

    private VggLayers(int depth, bool batchNorm)
    {
        Depth = depth;
        BatchNorm = batchNorm;
        var taps = new List<VggTap>();
        int index = 0;
        int[] convsPerBlock = ConvolutionsPerBlock(depth);
        for (int block = 0; block < convsPerBlock.Length; block++)
        {
            int width = BlockWidths[block];
            for (int conv = 1; conv <= convsPerBlock[block]; conv++)
            {
                string suffix = $"{block + 1}_{conv}";
                taps.Add(new VggTap("conv" + suffix, VggTapKind.Convolution, index++, width, block));
                if (batchNorm)
                {
                    taps.Add(new VggTap("bn" + suffix, VggTapKind.BatchNorm, index++, width, block));
                }

                taps.Add(new VggTap("relu" + suffix, VggTapKind.Relu, index++, width, block));
            }

            taps.Add(new VggTap($"pool{block + 1}", VggTapKind.Pool, index++, width, block + 1));
        }

        Taps = taps;
        Names = taps.Select(t => t.Name).ToArray();
        _byName = taps.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>VGG depth (11, 13, 16 or 19).</summary>
    public int Depth { get; }

    /// <summary>Whether the table is for a <c>_bn</c> variant.</summary>
    public bool BatchNorm { get; }

    /// <summary>All taps in <c>features</c> order (one per layer of <c>features</c>).</summary>
    public IReadOnlyList<VggTap> Taps { get; }

    /// <summary>All tap names in <c>features</c> order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of layers in <c>features</c>.</summary>
    public int FeatureLayerCount => Taps.Count;

    /// <summary>Input side needed by the classifier head: five poolings must leave at least one pixel (32).</summary>
    public int ClassifierMinimumInputSize => Taps[^1].MinimumInputSize;

    /// <summary>The table for a configuration.</summary>
    /// <param name="depth">11, 13, 16 or 19.</param>
    /// <param name="batchNorm">Whether each conv is followed by BatchNorm2d.</param>
    public static VggLayers For(int depth, bool batchNorm)
    {
        Guard.OneOf(depth, VggOptions.SupportedDepths);
        return Cache[(depth, batchNorm)];
    }

    /// <summary>Convolutions per block for a depth (Simonyan and Zisserman 2015, Table 1).</summary>
    public static int[] ConvolutionsPerBlock(int depth) => depth switch
    {
        11 => new[] { 1, 1, 2, 2, 2 },
        13 => new[] { 2, 2, 2, 2, 2 },
        16 => new[] { 2, 2, 3, 3, 3 },
        19 => new[] { 2, 2, 4, 4, 4 },
        _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, $"depth must be one of: {string.Join(", ", VggOptions.SupportedDepths)}."),
    };

    /// <summary>The tap with this name; throws listing the valid names if there is none.</summary>
    /// <param name="name">Tap name such as <c>relu2_2</c>.</param>
    public VggTap this[string name] => Find(name, nameof(name));

    /// <summary>Whether <paramref name="name"/> is a tap of this configuration.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Resolves names to taps; throws on unknown names (listing the valid ones) or an empty request.</summary>
    /// <param name="names">Requested tap names.</param>
    /// <param name="argumentName">Name of the caller's argument, for the exception.</param>
    public IReadOnlyList<VggTap> Resolve(IEnumerable<string> names, string argumentName)
    {
        Guard.NotNull(names, argumentName);
        var taps = names.Select(n => Find(n, argumentName)).Distinct().OrderBy(t => t.Index).ToArray();
        if (taps.Length == 0)
        {
            throw new ArgumentException($"{argumentName} must name at least one layer. Valid names: {string.Join(", ", Names)}.", argumentName);
        }

        return taps;
    }

    private VggTap Find(string name, string argumentName)
    {
        if (name is null || !_byName.TryGetValue(name, out var tap))
        {
            string variant = $"VGG-{Depth}{(BatchNorm ? "-BN" : "")}";
            throw new ArgumentException($"Unknown {variant} layer '{name}' in {argumentName}. Valid names: {string.Join(", ", Names)}.", argumentName);
        }

        return tap;
    }

    private static readonly Dictionary<(int, bool), VggLayers> Cache =
        VggOptions.SupportedDepths.SelectMany(d => new[] { false, true }.Select(bn => new VggLayers(d, bn)))
            .ToDictionary(t => (t.Depth, t.BatchNorm));
}
