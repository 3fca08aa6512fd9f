using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Universal image quality index (Q), per image.</summary>
/// <remarks>
/// Z. Wang, A. C. Bovik, "A universal image quality index", IEEE Signal Processing Letters 9(3), 2002,
/// doi:10.1109/97.995823. Reference implementation: Z. Wang's <c>img_qi.m</c> v1.0: 8×8 box window,
/// <c>filter2 'valid'</c>, Q = 4σ_xy μ_x μ_y / ((σ_x²+σ_y²)(μ_x²+μ_y²)) from window sums; where σ_x²+σ_y² = 0 but
/// μ_x²+μ_y² ≠ 0, Q = 2μ_xμ_y/(μ_x²+μ_y²); where both are 0, Q = 1; mean of the map. For <see cref="ColorMode.Rgb"/>
/// each channel is scored and the channel values are averaged. The zero tests are exact, as in the reference,
/// so flat windows are only recognised exactly in <see cref="MetricPrecision.Exact"/> (float64); on the fixtures
/// <see cref="MetricPrecision.Fast"/> (float32) stays within 3.4e-6 of img_qi.m. Differentiable away from those special cases.
/// </remarks>
public static class Uqi
{
    /// <summary>Name used as JSON/CSV key.</summary>
    public const string Name = "uqi";

    /// <summary>Side of the sliding box window of <c>img_qi.m</c>.</summary>
    public const int BlockSize = 8;

    /// <summary>UQI of each image pair.</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c> in [0, DataRange].</param>
    /// <param name="target">Target (reference) images, same shape.</param>
    /// <param name="options">Preparation options (default: RGB in [0,1]).</param>
    /// <returns><c>[B]</c> float64 values in [−1, 1] (computed in float32 under <see cref="MetricPrecision.Fast"/>); 1 for identical images.</returns>
    public static Tensor Compute(Tensor prediction, Tensor target, MetricOptions? options = null)
    {
        using var scope = NewDisposeScope();
        var p = MetricInput.PrepareWithPrecision(prediction, target, options ?? MetricOptions.Default, Name, BlockSize);
        return Score(p).MoveToOuterDisposeScope();
    }

    /// <summary>UQI of images already prepared (by <see cref="Compute"/> or <see cref="MetricSuite"/>), as float64.</summary>
    internal static Tensor Score(PreparedImages p)
    {
        var x = p.Target;
        var y = p.Prediction;
        double n = BlockSize * BlockSize;
        var box = ones(BlockSize, dtype: x.dtype, device: x.device);
        var sums = Filtering.CorrelateValidSeparable(cat(new[] { x, y, x * x, y * y, x * y }, 1), box).chunk(5, 1);
        var sx = sums[0];
        var sy = sums[1];
        var sxx = sums[2];
        var syy = sums[3];
        var sxy = sums[4];

        var meanProduct = sx * sy;
        var meanSquares = sx * sx + sy * sy;
        var numerator = 4 * (n * sxy - meanProduct) * meanProduct;
        var varianceTerm = n * (sxx + syy) - meanSquares;
        var denominator = varianceTerm * meanSquares;

        // Safe denominators keep the gradient finite in the branches torch.where does not select.
        var one = ones_like(denominator);
        var general = numerator / where(denominator.ne(0), denominator, one);
        var flat = 2 * meanProduct / where(meanSquares.ne(0), meanSquares, one);
        var map = where(denominator.ne(0), general, where(varianceTerm.eq(0) & meanSquares.ne(0), flat, one));
        return map.mean(new long[] { 1, 2, 3 }).to_type(ScalarType.Float64);
    }
}
