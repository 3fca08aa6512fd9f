using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

public sealed class ComputeValuesTests
{
    [Fact]
    public void ComputeValues_ReadsFloat64AndFloat32MetricsAsDoubles()
    {
        using var scope = NewDisposeScope();
        var reference = full(new long[] { 2, 3, 4, 4 }, 0.5f);
        var distorted = cat(new[] { full(new long[] { 1, 3, 4, 4 }, 0.6f), full(new long[] { 1, 3, 4, 4 }, 0.7f) });

        double[] float64 = new PsnrMetric().ComputeValues(distorted, reference);
        double[] float32 = new PsnrMetric(MetricOptions.Default with { UseFloat64 = false }).ComputeValues(distorted, reference);

        // PSNR = 10·log10(1 / MSE) on [0,1] data: MSE 0.01 → 20 dB, 0.04 → 13.9794 dB.
        Assert.Equal(new[] { 20.0, 10 * System.Math.Log10(1 / 0.04) }, float64, (a, b) => System.Math.Abs(a - b) < 1e-4);
        Assert.Equal(float64, float32, (a, b) => System.Math.Abs(a - b) < 1e-3);
    }
}
