using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary><see cref="IImageMetric"/> wrapper of <see cref="Ifc.Compute"/>.</summary>
/// <param name="options">Preparation options (default: RGB in [0,1]).</param>
public sealed class IfcMetric(MetricOptions? options = null) : IImageMetric
{
    /// <summary>Preparation options.</summary>
    public MetricOptions Options { get; } = options ?? MetricOptions.Default;

    /// <inheritdoc/>
    public string Name => Ifc.Name;

    /// <inheritdoc/>
    public bool HigherIsBetter => true;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Ifc.Compute(prediction, target, Options);
}
