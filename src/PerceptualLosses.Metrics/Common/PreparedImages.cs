using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Reference and distorted images after <see cref="MetricInput.Prepare"/>: <c>[B,C,H,W]</c> on the [0,255] scale.</summary>
/// <param name="Reference">Prepared reference images.</param>
/// <param name="Distorted">Prepared distorted images.</param>
public sealed record PreparedImages(Tensor Reference, Tensor Distorted)
{
    /// <summary>Peak value of the prepared images (MATLAB references work on [0,255]).</summary>
    public const double Peak = 255.0;
}
