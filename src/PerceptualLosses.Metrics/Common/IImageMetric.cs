using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>A full-reference image-quality metric on batched images.</summary>
public interface IImageMetric
{
    /// <summary>Short lower-case name used as a JSON/CSV key (<c>psnr</c>, <c>ssim</c>, …).</summary>
    string Name { get; }

    /// <summary>Whether larger values mean better quality.</summary>
    bool HigherIsBetter { get; }

    /// <summary>One value per image: <paramref name="reference"/> and <paramref name="distorted"/> are <c>[B,C,H,W]</c>; returns <c>[B]</c>.</summary>
    Tensor Compute(Tensor reference, Tensor distorted);
}
