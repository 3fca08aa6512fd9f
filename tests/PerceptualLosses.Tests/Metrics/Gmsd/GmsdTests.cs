using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;

namespace PerceptualLosses.Tests.Metrics;

public class GmsdTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Compute_MatchesGmsdM_OnY_ForEveryFixturePair() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "gmsd", (a, b, p) => GmsdFn.Compute(b, a, MetricFixtures.LumaOptions(p)), Tolerance);

    [Fact]
    public void Compute_MatchesGmsdM_WithShave4() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "gmsd_shave4", (a, b, p) => GmsdFn.Compute(b, a, MetricFixtures.LumaOptions(p, shave: 4)), Tolerance);

    [Fact]
    public void Compute_MatchesPerChannelMean_OnRgb() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "gmsd_rgb", (a, b, _) => GmsdFn.Compute(b, a, ReferenceAgreement.Rgb), Tolerance);

    [Fact]
    public void Compute_ReturnsZero_ForIdenticalImages()
    {
        var a = MetricFixtures.Pairs[0].LoadReference();
        Assert.Equal(0.0, GmsdFn.Compute(a.clone(), a, new MetricOptions { Precision = MetricPrecision.Exact }).item<double>(), 12);
    }

    [Fact]
    public void Compute_Increases_WithGrowingBlurAndNoise()
    {
        foreach (var image in new[] { "astronaut", "coffee", "chelsea", "camera" })
        {
            double Value(string d)
            {
                var p = MetricFixtures.Pairs.Single(x => x.Distorted == $"{image}_{d}.png");
                return GmsdFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)).item<double>();
            }

            Assert.True(Value("blur1") < Value("blur2"), image);
            Assert.True(Value("noise5") < Value("noise15"), image);
        }
    }

    [Fact]
    public void Compute_IsDifferentiable_IncludingFlatRegions()
    {
        var a = zeros(1, 3, 16, 16);
        a[.., .., 4.., 4..] = tensor(0.5f);
        var b = a.clone().requires_grad_(true);
        using (no_grad())
        {
            b[.., .., 8, 8] += 0.1f;
        }

        GmsdFn.Compute(b, a).sum().backward();
        Assert.True(b.grad is not null && b.grad.isfinite().all().item<bool>() && b.grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Metric_ReportsNameAndDirection()
    {
        var m = new GmsdMetric();
        Assert.Equal("gmsd", m.Name);
        Assert.False(m.HigherIsBetter);
    }
}
