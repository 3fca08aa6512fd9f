using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary><see cref="IImageMetric"/> wrapper of <see cref="Gmsd.Compute"/>.</summary>
/// <param name="options">Preparation options (default: RGB in [0,1]).</param>
public sealed class GmsdMetric(MetricOptions? options = null) : IImageMetric
{
    /// <summary>Preparation options.</summary>
    public MetricOptions Options { get; } = options ?? MetricOptions.Default;

    /// <inheritdoc/>
    public string Name => Gmsd.Name;

    /// <inheritdoc/>
    public bool HigherIsBetter => false;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Gmsd.Compute(prediction, target, Options);
}
