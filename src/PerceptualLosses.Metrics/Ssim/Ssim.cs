using System;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Structural similarity index (mean SSIM), per image.</summary>
/// <remarks>
/// Z. Wang, A. C. Bovik, H. R. Sheikh, E. P. Simoncelli, "Image quality assessment: from error visibility to structural
/// similarity", IEEE TIP 13(4), 2004, doi:10.1109/TIP.2003.819861. Reference implementation: the authors' <c>ssim_index.m</c>
/// (as shipped in jbhuang0604/SelfExSR quant_eval/): Gaussian window normalised to sum 1, <c>filter2 'valid'</c>
/// (no padding: the map is (H−10)×(W−10)), C1 = (0.01·255)², C2 = (0.03·255)² on the [0,255] scale, mean of the map.
/// For <see cref="ColorMode.Rgb"/> each channel is scored separately and the channel values are averaged.
/// <see cref="SsimOptions.AutomaticDownsampling"/> reproduces the 2009 <c>ssim.m</c>. Differentiable.
/// </remarks>
public static class Ssim
{
    /// <summary>Name used as JSON/CSV key.</summary>
    public const string Name = "ssim";

    /// <summary>SSIM of each image pair.</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c> in [0, DataRange].</param>
    /// <param name="target">Target (reference) images, same shape.</param>
    /// <param name="options">Preparation options (default: RGB in [0,1]).</param>
    /// <param name="ssimOptions">SSIM constants (default <see cref="SsimOptions.Wang2004"/>).</param>
    /// <returns><c>[B]</c> float64 values in [−1, 1] (computed in float32 under <see cref="MetricPrecision.Fast"/>); 1 for identical images.</returns>
    public static Tensor Compute(Tensor prediction, Tensor target, MetricOptions? options = null, SsimOptions? ssimOptions = null)
    {
        var so = ssimOptions ?? SsimOptions.Wang2004;
        so.Validate();
        using var scope = NewDisposeScope();
        var p = MetricInput.PrepareWithPrecision(prediction, target, options ?? MetricOptions.Default, Name, so.WindowSize);
        return Score(p, so).MoveToOuterDisposeScope();
    }

    /// <summary>SSIM of images already prepared (by <see cref="Compute"/> or <see cref="MetricSuite"/>), as float64; <paramref name="so"/> is validated.</summary>
    internal static Tensor Score(PreparedImages p, SsimOptions so)
    {
        var x = p.Target;
        var y = p.Prediction;
        if (so.AutomaticDownsampling)
        {
            int f = DownsampleFactor(x.shape[2], x.shape[3]);
            if (f > 1)
            {
                x = Downsample(x, f);
                y = Downsample(y, f);
                Guard.AtLeast(Math.Min(x.shape[2], x.shape[3]), so.WindowSize, "downsampled image size");
            }
        }

        return Map(x, y, so).mean(new long[] { 1, 2, 3 }).to_type(ScalarType.Float64);
    }

    /// <summary>The 2009 <c>ssim.m</c> factor f = max(1, round(min(H,W)/256)) (MATLAB rounds halves away from zero).</summary>
    public static int DownsampleFactor(long height, long width) =>
        Math.Max(1, (int)Math.Round(Math.Min(height, width) / 256.0, MidpointRounding.AwayFromZero));

    /// <summary>SSIM map <c>[B,C,H−w+1,W−w+1]</c> of prepared images on the [0,255] scale.</summary>
    internal static Tensor Map(Tensor x, Tensor y, SsimOptions so)
    {
        // fspecial's Gaussian is the outer product of a normalised 1-D Gaussian: filter in two 1-D passes, and all five
        // statistics in one call.
        var window = Filtering.Gaussian1D(so.WindowSize, so.Sigma, x.dtype, x.device);
        double c1 = Math.Pow(so.K1 * PreparedImages.Peak, 2);
        double c2 = Math.Pow(so.K2 * PreparedImages.Peak, 2);
        var stats = Filtering.CorrelateValidSeparable(cat(new[] { x, y, x * x, y * y, x * y }, 1), window).chunk(5, 1);
        var mu1 = stats[0];
        var mu2 = stats[1];
        var mu1Sq = mu1 * mu1;
        var mu2Sq = mu2 * mu2;
        var mu12 = mu1 * mu2;
        var sigma1Sq = stats[2] - mu1Sq;
        var sigma2Sq = stats[3] - mu2Sq;
        var sigma12 = stats[4] - mu12;
        return (2 * mu12 + c1) * (2 * sigma12 + c2) / ((mu1Sq + mu2Sq + c1) * (sigma1Sq + sigma2Sq + c2));
    }

    /// <summary><c>imfilter(x, ones(f)/f², 'symmetric', 'same')</c> then <c>x(1:f:end, 1:f:end)</c>.</summary>
    internal static Tensor Downsample(Tensor x, int f)
    {
        // imfilter's kernel origin is floor((f+1)/2): (f-1)/2 samples before it, the rest after.
        long before = (f - 1) / 2;
        long after = f - 1 - before;
        var padded = Filtering.PadSymmetric(x, before, after);
        var box = ones(f, f, dtype: x.dtype, device: x.device) / (f * f);
        return Filtering.CorrelateValid(padded, box, stride: f);
    }
}
