using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Gradient magnitude similarity deviation, per image (lower is better).</summary>
/// <remarks>
/// W. Xue, L. Zhang, X. Mou, A. C. Bovik, "Gradient magnitude similarity deviation: a highly efficient perceptual image
/// quality index", IEEE TIP 23(2), 2014, doi:10.1109/TIP.2013.2293423. Reference implementation: <c>GMSD.m</c>
/// (as in chaofengc/Face-Sketch-Wild): 2×2 mean by <c>conv2 'same'</c> (zero pad at the bottom/right), keep rows and
/// columns 1:2:end; Prewitt [1 0 −1; 1 0 −1; 1 0 −1]/3 and its transpose by <c>conv2 'same'</c> (zero pad);
/// GMS = (2 m₁ m₂ + T)/(m₁² + m₂² + T) with T = 170 on the [0,255] scale; score = <c>std2</c> of the map, i.e. the
/// sample standard deviation (divisor N − 1). For <see cref="ColorMode.Rgb"/> each channel is scored and averaged.
/// Differentiable; the gradient magnitude uses sqrt(max(g², 1e-24)) so flat regions have a finite gradient
/// (a change below 1e-12 on the [0,255] scale).
/// </remarks>
public static class Gmsd
{
    /// <summary>Name used as JSON/CSV key.</summary>
    public const string Name = "gmsd";

    /// <summary>Stability constant T of <c>GMSD.m</c> on the [0,255] scale.</summary>
    public const double T = 170.0;

    /// <summary>Smallest image side accepted (after the 2× downsampling the Prewitt window must fit).</summary>
    public const int MinSize = 6;

    private const double SquaredMagnitudeFloor = 1e-24;

    /// <summary>GMSD of each image pair.</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c> in [0, DataRange].</param>
    /// <param name="target">Target (reference) images, same shape.</param>
    /// <param name="options">Preparation options (default: RGB in [0,1]).</param>
    /// <returns><c>[B]</c> float64 values ≥ 0 (computed in float32 under <see cref="MetricPrecision.Fast"/>); 0 for identical images.</returns>
    public static Tensor Compute(Tensor prediction, Tensor target, MetricOptions? options = null)
    {
        using var scope = NewDisposeScope();
        var p = MetricInput.PrepareWithPrecision(prediction, target, options ?? MetricOptions.Default, Name, MinSize);
        return Score(p).MoveToOuterDisposeScope();
    }

    /// <summary>GMSD of images already prepared (by <see cref="Compute"/> or <see cref="MetricSuite"/>), as float64.</summary>
    internal static Tensor Score(PreparedImages p)
    {
        // Target and prediction in one pass: one pooling and one 2-output convolution over all planes.
        var magnitudes = GradientMagnitude(HalfResolution(cat(new[] { p.Target, p.Prediction }, 0))).chunk(2, 0);
        var m1 = magnitudes[0];
        var m2 = magnitudes[1];
        var gms = (2 * m1 * m2 + T) / (m1 * m1 + m2 * m2 + T);
        var perChannel = gms.flatten(2).std(2, unbiased: true);
        return perChannel.mean(new long[] { 1 }).to_type(ScalarType.Float64);
    }

    private static Tensor HalfResolution(Tensor x)
    {
        // conv2(x, ones(2)/4, 'same') averages x(i..i+1, j..j+1) with zeros past the end; 1:2:end keeps even offsets.
        var padded = nn.functional.pad(x, new long[] { 0, 1, 0, 1 });
        return nn.functional.avg_pool2d(padded, new long[] { 2, 2 }, new long[] { 2, 2 });
    }

    private static Tensor GradientMagnitude(Tensor x)
    {
        // conv2(x, Prewitt, 'same') with zero padding for both directions at once: the planes folded into the batch
        // (libtorch's dense convolution, not the slower depthwise one) and the two kernels as two output channels.
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var dx = tensor(new double[] { 1, 0, -1, 1, 0, -1, 1, 0, -1 }, dtype: x.dtype, device: x.device).reshape(3, 3) / 3.0;
        var kernels = stack(new[] { dx.flip(0, 1), dx.t().flip(0, 1) }).unsqueeze(1);             // [2,1,3,3], correlation form
        var planes = nn.functional.pad(x.reshape(b * c, 1, h, w), new long[] { 1, 1, 1, 1 });
        var g = nn.functional.conv2d(planes, kernels);                                               // [B·C, 2, h, w]
        return g.square().sum(1).clamp_min(SquaredMagnitudeFloor).sqrt().reshape(b, c, h, w);
    }
}
