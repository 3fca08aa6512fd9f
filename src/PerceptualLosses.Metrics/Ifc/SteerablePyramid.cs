using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>
/// The spatial-domain steerable pyramid of matlabPyrTools <c>buildSpyr(im, height, 'sp5Filters', 'reflect1')</c>,
/// implemented from its description: high-pass h0 and low-pass l0 on the image, then per level six oriented bands
/// of the current low-pass and a low-pass filtered, 2× subsampled image for the next level.
/// </summary>
/// <remarks>
/// E. P. Simoncelli, W. T. Freeman, "The steerable pyramid: a flexible architecture for multi-scale derivative
/// computation", ICIP 1995. <c>corrDn</c> semantics: correlation (not convolution) with the filter centred at
/// floor(size/2)+1, 'reflect1' borders (mirror about the edge sample, which is not repeated), subsampling keeps
/// samples 1, 3, 5, … (MATLAB indexing).
/// </remarks>
public sealed class SteerablePyramid
{
    private readonly Tensor _hi0;
    private readonly Tensor _lo0;
    private readonly Tensor _lo;
    private readonly Tensor _bands; // [6,1,7,7]: all orientations in one convolution

    /// <summary>Creates the pyramid filters (sp5Filters: 6 orientations) in <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    /// <param name="dtype">Floating-point dtype of the filters and of the images to decompose.</param>
    /// <param name="device">Device of the images.</param>
    public SteerablePyramid(ScalarType dtype, Device device)
    {
        _hi0 = tensor(Sp5Filters.Hi0Filter, dtype: dtype, device: device).reshape(1, 1, 9, 9);
        _lo0 = tensor(Sp5Filters.Lo0Filter, dtype: dtype, device: device).reshape(1, 1, 5, 5);
        _lo = (2.0 * tensor(Sp5Filters.LoFilterHalf, dtype: dtype, device: device)).reshape(1, 1, 9, 9);
        int size = Sp5Filters.BandFilterSize;
        // MATLAB reshape(bfilts(:,b), 7, 7) is column-major: reshape row-major, then transpose each filter.
        _bands = tensor(Sp5Filters.BandFiltersColumnMajor, dtype: dtype, device: device)
            .reshape(Sp5Filters.Orientations, size, size).transpose(1, 2).reshape(Sp5Filters.Orientations, 1, size, size);
    }

    /// <summary>Side of the recursive low-pass filter: each level needs at least this many samples per side.</summary>
    public const int LowPassFilterSize = 9;

    /// <summary>Largest height <c>maxPyrHt</c> allows for an image: 1 + levels of floor-halving while both sides ≥ 9.</summary>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    public static int MaxHeight(long height, long width)
    {
        int levels = 0;
        while (height >= LowPassFilterSize && width >= LowPassFilterSize)
        {
            levels++;
            height /= 2;
            width /= 2;
        }

        return levels;
    }

    /// <summary>Decomposes single-channel images <c>[N,1,H,W]</c>.</summary>
    /// <param name="images">Images to decompose.</param>
    /// <param name="levels">Number of band levels (the <c>height</c> of buildSpyr).</param>
    /// <returns>High-pass residual, <c>Bands[level][orientation]</c> (level 0 finest) and the low-pass residual.</returns>
    public PyramidBands Build(Tensor images, int levels)
    {
        Guard.IsImageBatch(images, channels: 1);
        int max = MaxHeight(images.shape[2], images.shape[3]);
        if (levels < 1 || levels > max)
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, $"Cannot build a pyramid of {levels} levels on [{Guard.Shape(images)}]; at most {max}.");
        }

        var hi0 = CorrDnReflect1(images, _hi0, 1);
        var lo = CorrDnReflect1(images, _lo0, 1);
        var bands = new List<IReadOnlyList<Tensor>>();
        for (int level = 0; level < levels; level++)
        {
            bands.Add(CorrDnReflect1(lo, _bands, 1).split(1, 1));
            lo = CorrDnReflect1(lo, _lo, 2);
        }

        return new PyramidBands(hi0, bands, lo);
    }

    /// <summary>
    /// Only the oriented bands <paramref name="orientations"/> of every level, as <c>[N,k,h,w]</c> per level (k = number
    /// of orientations asked for): the same values as <see cref="Build"/>, without the high-pass residual and the other
    /// orientations, which IFC never reads.
    /// </summary>
    internal IReadOnlyList<Tensor> BuildOrientedBands(Tensor images, int levels, IReadOnlyList<int> orientations)
    {
        var filters = _bands.index_select(0, tensor(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(orientations, o => (long)o)), device: _bands.device));
        var lo = CorrDnReflect1(images, _lo0, 1);
        var bands = new List<Tensor>(levels);
        for (int level = 0; level < levels; level++)
        {
            bands.Add(CorrDnReflect1(lo, filters, 1));
            lo = CorrDnReflect1(lo, _lo, 2);
        }

        return bands;
    }

    /// <summary>matlabPyrTools <c>corrDn(x, filt, 'reflect1', [step step], [1 1])</c> for an odd square filter.</summary>
    internal static Tensor CorrDnReflect1(Tensor x, Tensor filter, long step)
    {
        long pad = filter.shape[2] / 2;
        var padded = nn.functional.pad(x, new[] { pad, pad, pad, pad }, PaddingModes.Reflect);
        return nn.functional.conv2d(padded, filter, strides: new[] { step, step });
    }
}
