using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using PsnrFn = PerceptualLosses.Metrics.Psnr;

namespace PerceptualLosses.Tests.Metrics;

public class PsnrTests
{
    // PSNR ~ 20-40 dB; float64 math leaves ~1e-12 dB. 1e-4 is the tolerance.
    private const double Tolerance = 1e-4;

    [Fact]
    public void Compute_MatchesScikitImage_OnY_ForEveryFixturePair() =>
        ReferenceAgreement.Check(MetricFixtures.Pairs, "skimage_psnr", (a, b, p) => PsnrFn.Compute(b, a, MetricFixtures.LumaOptions(p)), Tolerance);

    [Fact]
    public void Compute_MatchesScikitImage_OnRgb_ForEveryFixturePair() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "skimage_psnr_rgb", (a, b, _) => PsnrFn.Compute(b, a, ReferenceAgreement.Rgb), Tolerance);

    [Fact]
    public void Compute_MatchesSelfExSrFormula_WithShave4() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "psnr_shave4", (a, b, p) => PsnrFn.Compute(b, a, MetricFixtures.LumaOptions(p, shave: 4)), Tolerance);

    [Fact]
    public void Compute_ReturnsPositiveInfinity_ForIdenticalImages()
    {
        var a = MetricFixtures.Pairs[0].LoadReference();
        Assert.True(double.IsPositiveInfinity(PsnrFn.Compute(a.clone(), a).item<double>()));
    }

    [Fact]
    public void Compute_Decreases_WithGrowingBlurAndNoise()
    {
        foreach (var image in new[] { "astronaut", "coffee", "chelsea", "camera" })
        {
            double Value(string d)
            {
                var p = MetricFixtures.Pairs.Single(x => x.Distorted == $"{image}_{d}.png");
                return PsnrFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)).item<double>();
            }

            Assert.True(Value("blur1") > Value("blur2"), image);
            Assert.True(Value("noise5") > Value("noise15"), image);
        }
    }

    [Fact]
    public void Compute_ReturnsOneValuePerImage_ForABatch()
    {
        var p = MetricFixtures.Pairs[0];
        var a = cat(new[] { p.LoadReference(), p.LoadReference() });
        var b = cat(new[] { p.LoadDistorted(), p.LoadReference() });
        var v = PsnrFn.Compute(b, a);
        Assert.Equal(new long[] { 2 }, v.shape);
        Assert.True(double.IsPositiveInfinity(v[1].item<double>()));
    }

    [Fact]
    public void Metric_ReportsNameAndDirection()
    {
        var m = new PsnrMetric(MetricOptions.SrPaperY(4));
        Assert.Equal("psnr", m.Name);
        Assert.True(m.HigherIsBetter);
    }

    [Fact]
    public void Compute_IsDifferentiable()
    {
        var p = MetricFixtures.Pairs[0];
        var b = p.LoadDistorted().requires_grad_(true);
        PsnrFn.Compute(b, p.LoadReference()).sum().backward();
        Assert.True(b.grad is not null && b.grad.isfinite().all().item<bool>() && b.grad.abs().sum().item<float>() > 0);
    }
}
