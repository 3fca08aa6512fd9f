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
        var m1 = GradientMagnitude(HalfResolution(p.Target));
        var m2 = GradientMagnitude(HalfResolution(p.Prediction));
        var gms = (2 * m1 * m2 + T) / (m1 * m1 + m2 * m2 + T);
        var perChannel = gms.flatten(2).std(2, unbiased: true);
        return perChannel.mean(new long[] { 1 }).to_type(ScalarType.Float64);
    }

    private static Tensor HalfResolution(Tensor x)
    {
        // conv2(x, ones(2)/4, 'same') averages x(i..i+1, j..j+1) with zeros past the end; 1:2:end keeps even offsets.
        // The zero row/column is read only for an odd side, so only an odd side is padded (no copy for even sizes).
        long padBottom = x.shape[2] % 2, padRight = x.shape[3] % 2;
        var source = padBottom + padRight == 0 ? x : nn.functional.pad(x, new long[] { 0, padRight, 0, padBottom });
        return nn.functional.avg_pool2d(source, new long[] { 2, 2 }, new long[] { 2, 2 });
    }

    private static Tensor GradientMagnitude(Tensor x)
    {
        // conv2(x, Prewitt, 'same') with zero padding, Prewitt = [1 1 1]ᵀ·[1 0 −1]/3 separated: a 3-row sum then a
        // difference two columns apart (and transposed), as shifted slices of the padded planes. Elementwise slices run at
        // memory speed in float32 and float64 alike, where a 1-input 2-output convolution (the previous form) went through
        // oneDNN's blocked float32 path (output padded to 8 channels, then reordered back) and made float32 GMSD slower
        // than float64 (benchmarks/README.md).
        // The sign of each direction does not matter: only gx² + gy² is used.
        long h = x.shape[2], w = x.shape[3];
        var p = nn.functional.pad(x, new long[] { 1, 1, 1, 1 });
        var rows = Rows(p, 0, h) + Rows(p, 1, h) + Rows(p, 2, h);                    // [.., h, w+2]
        var gx = Columns(rows, 0, w) - Columns(rows, 2, w);
        var columns = Columns(p, 0, w) + Columns(p, 1, w) + Columns(p, 2, w);        // [.., h+2, w]
        var gy = Rows(columns, 0, h) - Rows(columns, 2, h);
        var squared = gx.square().add_(gy.square()).div_(9.0);
        return squared.clamp_min(SquaredMagnitudeFloor).sqrt();
    }

    private static Tensor Rows(Tensor t, long start, long count) => t.narrow(2, start, count);

    private static Tensor Columns(Tensor t, long start, long count) => t.narrow(3, start, count);
}
