using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>A full-reference image-quality metric on batched images.</summary>
/// <remarks>
/// Arguments are <c>(prediction, target)</c>, as piq's <c>(x, y)</c> and this library's losses: the prediction is the
/// reconstructed or distorted image, the target the reference. Only IFC depends on the order.
/// </remarks>
public interface IImageMetric
{
    /// <summary>Short lower-case name used as a JSON/CSV key (<c>psnr</c>, <c>ssim</c>, …).</summary>
    string Name { get; }

    /// <summary>Whether larger values mean better quality.</summary>
    bool HigherIsBetter { get; }

    /// <summary>One value per image: <paramref name="prediction"/> and <paramref name="target"/> are <c>[B,C,H,W]</c>; returns <c>[B]</c>.</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images.</param>
    /// <param name="target">Target (reference) images.</param>
    Tensor Compute(Tensor prediction, Tensor target);
}
