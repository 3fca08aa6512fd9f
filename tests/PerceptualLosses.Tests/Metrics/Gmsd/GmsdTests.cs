using System;
using System.IO;
using System.Linq;
using System.Text.Json;
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

    [Theory]
    [InlineData(MetricPrecision.Exact, 1e-8)] // measured 7.7e-10: the PNGs load as float32 in [0,1]
    [InlineData(MetricPrecision.Fast, 1e-5)]
    public void Compute_MatchesGmsdM_OnOddSizedCrops(MetricPrecision precision, double tolerance)
    {
        // GMSD.m's 2×2 averaging reads its zero padding only for an odd side (gmsd_odd_sizes.json, tools/fixtures/gmsd_odd_sizes_octave.m).
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(MetricFixtures.Folder, "gmsd_odd_sizes.json")));
        var reference = MetricFixtures.LoadImage(doc.RootElement.GetProperty("reference").GetString()!, grey: true);
        var distorted = MetricFixtures.LoadImage(doc.RootElement.GetProperty("distorted").GetString()!, grey: true);
        var options = new MetricOptions { Color = ColorMode.Gray, Precision = precision };
        int checkedCrops = 0;
        foreach (var crop in doc.RootElement.GetProperty("crops").EnumerateArray())
        {
            int h = crop.GetProperty("height").GetInt32(), w = crop.GetProperty("width").GetInt32();
            var a = reference[.., .., ..h, ..w];
            var b = distorted[.., .., ..h, ..w];
            double expected = crop.GetProperty("gmsd").GetDouble();
            double actual = GmsdFn.Compute(b, a, options).item<double>();
            Assert.True(Math.Abs(actual - expected) <= tolerance, $"{h}×{w}: {actual} vs GMSD.m {expected}");
            checkedCrops++;
        }

        Assert.Equal(4, checkedCrops);
    }

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
