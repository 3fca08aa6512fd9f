using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Helpers on <see cref="IImageMetric"/>.</summary>
public static class ImageMetricExtensions
{
    /// <summary>Mean of the per-image values over the batch, as a number.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c>.</param>
    /// <param name="target">Target (reference) images <c>[B,C,H,W]</c>.</param>
    public static double ComputeMean(this IImageMetric metric, Tensor prediction, Tensor target)
    {
        Guard.NotNull(metric);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return metric.Compute(prediction, target).mean().to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>
    /// The per-image values as numbers. Metrics return <c>[B]</c> tensors in float64 (the MATLAB-matched ones) or in the
    /// network's float32 (LPIPS); this reads either.
    /// </summary>
    /// <param name="metric">The metric.</param>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c>.</param>
    /// <param name="target">Target (reference) images <c>[B,C,H,W]</c>.</param>
    public static double[] ComputeValues(this IImageMetric metric, Tensor prediction, Tensor target)
    {
        Guard.NotNull(metric);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return ScalarValue.All(metric.Compute(prediction, target));
    }
}
