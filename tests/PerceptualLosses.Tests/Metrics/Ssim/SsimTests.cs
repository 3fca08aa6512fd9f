using System;
using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using SsimFn = PerceptualLosses.Metrics.Ssim;

namespace PerceptualLosses.Tests.Metrics;

public class SsimTests
{
    // The tolerance; float64 math reproduces the Octave values to ~1e-15.
    private const double Tolerance = 1e-4;

    [Fact]
    public void Compute_MatchesSsimIndexM_OnY_ForEveryFixturePair() =>
        ReferenceAgreement.Check(MetricFixtures.Pairs, "ssim", (a, b, p) => SsimFn.Compute(b, a, MetricFixtures.LumaOptions(p)), Tolerance);

    [Fact]
    public void Compute_MatchesScikitImageInterior_OnY_ForEveryFixturePair() =>
        // skimage pads the image; its map cropped by 5 pixels per side is the 'valid' map of ssim_index.m.
        ReferenceAgreement.Check(MetricFixtures.Pairs, "skimage_ssim_cropped", (a, b, p) => SsimFn.Compute(b, a, MetricFixtures.LumaOptions(p)), Tolerance);

    [Fact]
    public void Compute_MatchesSsimIndexM_WithShave4() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ssim_shave4", (a, b, p) => SsimFn.Compute(b, a, MetricFixtures.LumaOptions(p, shave: 4)), Tolerance);

    [Fact]
    public void Compute_MatchesPerChannelMean_OnRgb() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ssim_rgb", (a, b, _) => SsimFn.Compute(b, a, ReferenceAgreement.Rgb), Tolerance);

    [Fact]
    public void Compute_WithAutomaticDownsampling_MatchesSsimM2009()
    {
        var large = MetricFixtures.Pairs.Single(p => p.Distorted.Contains("large", StringComparison.Ordinal));
        Assert.Equal(2, (int)large["downsample_factor"]!.Value);
        ReferenceAgreement.Check(MetricFixtures.Pairs, "ssim_downsampled", (a, b, p) => SsimFn.Compute(b, a, MetricFixtures.LumaOptions(p), SsimOptions.Matlab2009), Tolerance);
    }

    [Theory]
    [InlineData(255, 1)]
    [InlineData(256, 1)]
    [InlineData(383, 1)]
    [InlineData(384, 2)]
    [InlineData(640, 3)]
    public void DownsampleFactor_RoundsLikeMatlab(int side, int expected) =>
        Assert.Equal(expected, SsimFn.DownsampleFactor(side, side + 100));

    [Fact]
    public void Compute_ReturnsOne_ForIdenticalImages()
    {
        var a = MetricFixtures.Pairs[0].LoadReference();
        Assert.Equal(1.0, SsimFn.Compute(a.clone(), a, new MetricOptions { Precision = MetricPrecision.Exact }).item<double>(), 12);
    }

    [Fact]
    public void Compute_Decreases_WithGrowingBlurAndNoise()
    {
        foreach (var image in new[] { "astronaut", "coffee", "chelsea", "camera" })
        {
            double Value(string d)
            {
                var p = MetricFixtures.Pairs.Single(x => x.Distorted == $"{image}_{d}.png");
                return SsimFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)).item<double>();
            }

            Assert.True(Value("blur1") > Value("blur2"), image);
            Assert.True(Value("noise5") > Value("noise15"), image);
        }
    }

    [Fact]
    public void Compute_Throws_WhenImageSmallerThanWindow()
    {
        var a = rand(1, 3, 10, 40);
        var ex = Assert.Throws<ArgumentException>(() => SsimFn.Compute(a, a));
        Assert.Contains("ssim", ex.Message, StringComparison.Ordinal);
        Assert.Contains("11x11", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_IsDifferentiable_AndFloat32PathAgrees()
    {
        var p = MetricFixtures.Pairs[0];
        var b = p.LoadDistorted().requires_grad_(true);
        var v64 = SsimFn.Compute(b, p.LoadReference(), MetricFixtures.LumaOptions(p));
        v64.sum().backward();
        Assert.True(b.grad is not null && b.grad.isfinite().all().item<bool>() && b.grad.abs().sum().item<float>() > 0);
        var v32 = SsimFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p, precision: MetricPrecision.Fast));
        Assert.Equal(ScalarType.Float64, v32.dtype);
        Assert.Equal(v64.item<double>(), v32.item<double>(), 5);
    }

    [Fact]
    public void Metric_ReportsNameAndDirection()
    {
        var m = new SsimMetric();
        Assert.Equal("ssim", m.Name);
        Assert.True(m.HigherIsBetter);
    }
}
