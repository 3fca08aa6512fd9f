using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Prediction and target images after <see cref="MetricInput.Prepare"/>: <c>[B,C,H,W]</c> on the [0,255] scale.</summary>
/// <param name="Prediction">Prepared prediction (the reconstruction or distorted image).</param>
/// <param name="Target">Prepared target (the reference image).</param>
public sealed record PreparedImages(Tensor Prediction, Tensor Target)
{
    /// <summary>Peak value of the prepared images (MATLAB references work on [0,255]).</summary>
    public const double Peak = 255.0;
}
