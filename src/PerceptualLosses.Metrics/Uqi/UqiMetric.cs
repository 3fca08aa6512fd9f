using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary><see cref="IImageMetric"/> wrapper of <see cref="Uqi.Compute"/>.</summary>
/// <param name="options">Preparation options (default: RGB in [0,1]).</param>
public sealed class UqiMetric(MetricOptions? options = null) : IImageMetric
{
    /// <summary>Preparation options.</summary>
    public MetricOptions Options { get; } = options ?? MetricOptions.Default;

    /// <inheritdoc/>
    public string Name => Uqi.Name;

    /// <inheritdoc/>
    public bool HigherIsBetter => true;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Uqi.Compute(prediction, target, Options);
}
