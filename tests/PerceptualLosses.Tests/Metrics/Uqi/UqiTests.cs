using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using UqiFn = PerceptualLosses.Metrics.Uqi;

namespace PerceptualLosses.Tests.Metrics;

public class UqiTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Compute_MatchesImgQiM_OnY_ForEveryFixturePair() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "uqi", (a, b, p) => UqiFn.Compute(b, a, MetricFixtures.LumaOptions(p)), Tolerance);

    [Fact]
    public void Compute_MatchesImgQiM_WithShave4() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "uqi_shave4", (a, b, p) => UqiFn.Compute(b, a, MetricFixtures.LumaOptions(p, shave: 4)), Tolerance);

    [Fact]
    public void Compute_MatchesPerChannelMean_OnRgb() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "uqi_rgb", (a, b, _) => UqiFn.Compute(b, a, ReferenceAgreement.Rgb), Tolerance);

    [Fact]
    public void Compute_ReturnsOne_ForIdenticalImages()
    {
        var a = MetricFixtures.Pairs[0].LoadReference();
        Assert.Equal(1.0, UqiFn.Compute(a.clone(), a, new MetricOptions { Precision = MetricPrecision.Exact }).item<double>(), 12);
    }

    [Fact]
    public void Compute_FollowsImgQiSpecialCases_ForFlatWindows()
    {
        // Both flat and equal: 0/0 -> 1. Both flat, different means: 2 mu_x mu_y / (mu_x^2 + mu_y^2).
        var gray = new MetricOptions { Color = ColorMode.Gray, Precision = MetricPrecision.Exact };
        var a = full(1, 1, 8, 8, 0.5f);
        Assert.Equal(1.0, UqiFn.Compute(a, a, gray).item<double>(), 12);
        var b = full(1, 1, 8, 8, 0.25f);
        Assert.Equal(2 * 0.5 * 0.25 / (0.25 + 0.0625), UqiFn.Compute(b, a, gray).item<double>(), 12);
        var zero = zeros(1, 1, 8, 8);
        Assert.Equal(1.0, UqiFn.Compute(zero, zero, gray).item<double>(), 12);
    }

    [Fact]
    public void Compute_Decreases_WithGrowingBlurAndNoise()
    {
        foreach (var image in new[] { "astronaut", "coffee", "chelsea", "camera" })
        {
            double Value(string d)
            {
                var p = MetricFixtures.Pairs.Single(x => x.Distorted == $"{image}_{d}.png");
                return UqiFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)).item<double>();
            }

            Assert.True(Value("blur1") > Value("blur2"), image);
            Assert.True(Value("noise5") > Value("noise15"), image);
        }
    }

    [Fact]
    public void Compute_IsDifferentiable()
    {
        var p = MetricFixtures.Pairs[0];
        var b = p.LoadDistorted().requires_grad_(true);
        UqiFn.Compute(b, p.LoadReference()).sum().backward();
        Assert.True(b.grad is not null && b.grad.isfinite().all().item<bool>() && b.grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Metric_ReportsNameAndDirection()
    {
        var m = new UqiMetric();
        Assert.Equal("uqi", m.Name);
        Assert.True(m.HigherIsBetter);
    }
}
