using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Peak signal-to-noise ratio, per image.</summary>
/// <remarks>
/// PSNR = 10 log10(255² / MSE) on the prepared [0,255] channels, MSE over C, H and W (as SelfExSR
/// <c>compute_difference.m</c> on Y and scikit-image <c>peak_signal_noise_ratio</c> on all channels).
/// Identical images give +∞ (MSE = 0), as MATLAB's <c>10*log10(x/0)</c>; no cap is applied.
/// Differentiable (except at MSE = 0).
/// </remarks>
public static class Psnr
{
    /// <summary>Name used as JSON/CSV key.</summary>
    public const string Name = "psnr";

    /// <summary>Smallest image side accepted.</summary>
    public const int MinSize = 1;

    /// <summary>PSNR in dB of each image pair.</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c> in [0, DataRange].</param>
    /// <param name="target">Target (reference) images, same shape.</param>
    /// <param name="options">Preparation options (default: RGB in [0,1]).</param>
    /// <returns><c>[B]</c> PSNR values in dB.</returns>
    public static Tensor Compute(Tensor prediction, Tensor target, MetricOptions? options = null)
    {
        using var scope = NewDisposeScope();
        var p = MetricInput.Prepare(prediction, target, options ?? MetricOptions.Default, Name, MinSize);
        return Score(p).MoveToOuterDisposeScope();
    }

    /// <summary>PSNR of images already prepared (by <see cref="Compute"/> or <see cref="MetricSuite"/>).</summary>
    internal static Tensor Score(PreparedImages p)
    {
        var mse = (p.Target - p.Prediction).square().mean(new long[] { 1, 2, 3 });
        return 10.0 * (PreparedImages.Peak * PreparedImages.Peak / mse).log10();
    }
}
