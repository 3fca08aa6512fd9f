using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>
/// One metric of a <see cref="MetricSuite"/>: its name, the smallest images it accepts and how it scores images the
/// suite prepared. The preparation options are the suite's, so a metric here has none of its own.
/// </summary>
public sealed class SuiteMetric
{
    private readonly Func<PreparedImages, Tensor> score;

    private SuiteMetric(string name, bool higherIsBetter, int minSize, SuiteInput input, bool needsFloat64, Func<PreparedImages, Tensor> score)
    {
        Name = name;
        HigherIsBetter = higherIsBetter;
        MinSize = minSize;
        Input = input;
        NeedsFloat64 = needsFloat64;
        this.score = score;
    }

    /// <summary>Short lower-case name used as a JSON/CSV key (<c>psnr</c>, <c>lpips</c>, …).</summary>
    public string Name { get; }

    /// <summary>Whether larger values mean better quality.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>Smallest height and width (after crop and shave) the metric accepts.</summary>
    public int MinSize { get; }

    /// <summary>Which prepared images the metric scores.</summary>
    public SuiteInput Input { get; }

    /// <summary>PSNR (<see cref="Metrics.Psnr"/>).</summary>
    public static SuiteMetric Psnr { get; } = new(Metrics.Psnr.Name, true, Metrics.Psnr.MinSize, SuiteInput.Channels, true, Metrics.Psnr.Score);

    /// <summary>UQI (<see cref="Metrics.Uqi"/>).</summary>
    public static SuiteMetric Uqi { get; } = new(Metrics.Uqi.Name, true, Metrics.Uqi.BlockSize, SuiteInput.Channels, false, Metrics.Uqi.Score);

    /// <summary>GMSD (<see cref="Metrics.Gmsd"/>); lower is better.</summary>
    public static SuiteMetric Gmsd { get; } = new(Metrics.Gmsd.Name, false, Metrics.Gmsd.MinSize, SuiteInput.Channels, false, Metrics.Gmsd.Score);

    /// <summary>IFC (<see cref="Metrics.Ifc"/>): always computed in float64, and asymmetric (information the prediction carries about the target).</summary>
    public static SuiteMetric Ifc { get; } = new(Metrics.Ifc.Name, true, Metrics.Ifc.MinSize, SuiteInput.Channels, true, Metrics.Ifc.Score);

    /// <summary>PSNR, SSIM (<see cref="SsimOptions.Wang2004"/>), UQI, GMSD and IFC, in that order (the CLI's and the study's columns).</summary>
    public static IReadOnlyList<SuiteMetric> FullReference { get; } = new[] { Psnr, Ssim(), Uqi, Gmsd, Ifc };

    /// <summary>SSIM (<see cref="Metrics.Ssim"/>) with the given constants.</summary>
    /// <param name="ssimOptions">SSIM constants (default <see cref="SsimOptions.Wang2004"/>); validated here.</param>
    public static SuiteMetric Ssim(SsimOptions? ssimOptions = null)
    {
        var so = ssimOptions ?? SsimOptions.Wang2004;
        so.Validate();
        return new(Metrics.Ssim.Name, true, so.WindowSize, SuiteInput.Channels, false, p => Metrics.Ssim.Score(p, so));
    }

    /// <summary>
    /// A learned metric (LPIPS or R-LPIPS) on <see cref="SuiteInput.Rgb"/>: the RGB pair in [0,1] after the suite's
    /// crop, 8-bit rounding and shave, moved to the network's device. The network must take [0,1] input.
    /// </summary>
    /// <param name="name">Key of the metric (<c>lpips</c>, <c>rlpips</c>).</param>
    /// <param name="lpips">The network, with <see cref="LpipsInputRange.ZeroToOne"/>; the caller keeps ownership.</param>
    /// <param name="minSize">Smallest height and width the network's trunk accepts (VGG-16's five stages need 16).</param>
    public static SuiteMetric Learned(string name, Lpips lpips, int minSize = 16)
    {
        Guard.NotNull(name);
        Guard.NotNull(lpips);
        Guard.AtLeast(minSize, 1);
        if (lpips.Options.InputRange != LpipsInputRange.ZeroToOne)
        {
            throw new ArgumentException($"{name}: the suite gives learned metrics images in [0,1]; create the network with LpipsInputRange.ZeroToOne.", nameof(lpips));
        }

        return new(name, lpips.HigherIsBetter, minSize, SuiteInput.Rgb, false, p =>
        {
            var device = lpips.parameters().First().device;
            return lpips.Compute(p.Prediction.to(device), p.Target.to(device));
        });
    }

    internal bool NeedsFloat64 { get; }

    internal Tensor Score(PreparedImages images) => score(images);
}
