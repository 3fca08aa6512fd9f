using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary><see cref="IImageMetric"/> wrapper of <see cref="Ssim.Compute"/>.</summary>
/// <param name="options">Preparation options (default: RGB in [0,1]).</param>
/// <param name="ssimOptions">SSIM constants (default <see cref="SsimOptions.Wang2004"/>).</param>
public sealed class SsimMetric(MetricOptions? options = null, SsimOptions? ssimOptions = null) : IImageMetric
{
    /// <summary>Preparation options.</summary>
    public MetricOptions Options { get; } = options ?? MetricOptions.Default;

    /// <summary>SSIM constants.</summary>
    public SsimOptions SsimOptions { get; } = ssimOptions ?? SsimOptions.Wang2004;

    /// <inheritdoc/>
    public string Name => Ssim.Name;

    /// <inheritdoc/>
    public bool HigherIsBetter => true;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Ssim.Compute(prediction, target, Options, SsimOptions);
}
