using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

public sealed class ComputeValuesTests
{
    [Fact]
    public void ComputeValues_ReadsDoubles_ForFloat32AndFloat64Input()
    {
        using var scope = NewDisposeScope();
        var reference = full(new long[] { 2, 3, 8, 8 }, 0.5f);
        var distorted = cat(new[] { full(new long[] { 1, 3, 8, 8 }, 0.6f), full(new long[] { 1, 3, 8, 8 }, 0.7f) });

        double[] float32 = new PsnrMetric().ComputeValues(distorted, reference);
        double[] float64 = new PsnrMetric().ComputeValues(distorted.to_type(ScalarType.Float64), reference.to_type(ScalarType.Float64));

        // PSNR = 10·log10(1 / MSE) on [0,1] data: MSE 0.01 → 20 dB, 0.04 → 13.9794 dB.
        Assert.Equal(new[] { 20.0, 10 * System.Math.Log10(1 / 0.04) }, float64, (a, b) => System.Math.Abs(a - b) < 1e-4);
        Assert.Equal(float64, float32, (a, b) => System.Math.Abs(a - b) < 1e-3);
    }
}
