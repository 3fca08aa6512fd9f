using System;
using System.Linq;
using PerceptualLosses.Metrics.Common;
using PerceptualLosses.Metrics.Ifc;
using Xunit;
using static TorchSharp.torch;
using IfcFn = PerceptualLosses.Metrics.Ifc.Ifc;

namespace PerceptualLosses.Tests.Metrics.Ifc;

public class IfcTests
{
    // The tolerance for IFC: 1 % relative (eigen-decomposition and log-sums; our float64 agrees far closer).
    private const double RelativeTolerance = 0.01;

    [Fact]
    public void Compute_MatchesIfcvecM_OnY_ForEveryFixturePair() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ifc", (a, b, p) => IfcFn.Compute(a, b, MetricFixtures.LumaOptions(p)), 0, RelativeTolerance);

    [Fact]
    public void Compute_MatchesIfcvecM_WithShave4() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ifc_shave4", (a, b, p) => IfcFn.Compute(a, b, MetricFixtures.LumaOptions(p, shave: 4)), 0, RelativeTolerance);

    [Fact]
    public void Compute_MatchesIfcvecM_ForIdenticalImages() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs.Where(p => p.Distorted.EndsWith("_blur1.png", StringComparison.Ordinal)), "ifc_identical",
            (a, _, p) => IfcFn.Compute(a, a, MetricFixtures.LumaOptions(p)), 0, RelativeTolerance);

    /// <summary>
    /// IFC is differentiable: the autograd gradient with respect to the distorted image equals central finite
    /// differences (float64, h = 1e-6) at sampled pixels to 1e-4 of the largest of them.
    /// </summary>
    [Fact]
    public void Gradient_MatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        var pair = MetricFixtures.SmallPairs.First(p => p["ifc"] is not null);
        var reference = pair.LoadReference().to_type(ScalarType.Float64)[.., .., 0..80, 0..80].contiguous();
        var distorted = pair.LoadDistorted().to_type(ScalarType.Float64)[.., .., 0..80, 0..80].contiguous();
        var options = MetricFixtures.LumaOptions(pair);
        var x = distorted.clone().requires_grad_(true);
        IfcFn.Compute(reference, x, options).sum().backward();
        var gradient = x.grad!;
        Assert.True(gradient.isfinite().all().item<bool>());

        const double H = 1e-6;
        var pixels = new[] { (0, 10, 12), (1, 40, 41), (2, 70, 5), (0, 33, 66), (1, 20, 79), (2, 55, 30) };
        var numeric = pixels.Select(px =>
        {
            var (c, i, j) = px;
            var plus = distorted.clone();
            var minus = distorted.clone();
            plus[0, c, i, j] += H;
            minus[0, c, i, j] -= H;
            return (IfcFn.Compute(reference, plus, options).item<double>() - IfcFn.Compute(reference, minus, options).item<double>()) / (2 * H);
        }).ToArray();
        var analytic = pixels.Select(px => gradient[0, px.Item1, px.Item2, px.Item3].item<double>()).ToArray();
        double scale = numeric.Max(Math.Abs);
        Assert.True(scale > 0, "the sampled pixels must matter");
        for (int k = 0; k < pixels.Length; k++)
        {
            Assert.True(Math.Abs(analytic[k] - numeric[k]) <= 1e-4 * scale, $"pixel {pixels[k]}: autograd {analytic[k]} vs finite difference {numeric[k]}");
        }
    }

    [Fact]
    public void Compute_IsLargestForIdenticalImages()
    {
        foreach (var group in MetricFixtures.SmallPairs.Where(p => p["ifc"] is not null).GroupBy(p => p.Reference))
        {
            var first = group.First();
            var a = first.LoadReference();
            double self = IfcFn.Compute(a, a, MetricFixtures.LumaOptions(first)).item<double>();
            foreach (var p in group)
            {
                Assert.True(self > IfcFn.Compute(a, p.LoadDistorted(), MetricFixtures.LumaOptions(p)).item<double>(), p.ToString());
            }
        }
    }

    [Fact]
    public void Compute_Decreases_WithGrowingBlurAndNoise()
    {
        foreach (var image in new[] { "astronaut", "coffee" })
        {
            double Value(string d)
            {
                var p = MetricFixtures.Pairs.Single(x => x.Distorted == $"{image}_{d}.png");
                return IfcFn.Compute(p.LoadReference(), p.LoadDistorted(), MetricFixtures.LumaOptions(p)).item<double>();
            }

            Assert.True(Value("blur1") > Value("blur2"), image);
            Assert.True(Value("noise5") > Value("noise15"), image);
        }
    }

    [Fact]
    public void Compute_Throws_WhenImageBelowPyramidMinimum()
    {
        var a = rand(1, 3, 71, 100);
        var ex = Assert.Throws<ArgumentException>(() => IfcFn.Compute(a, a));
        Assert.Contains("ifc", ex.Message, StringComparison.Ordinal);
        Assert.Contains("72x72", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ScoresEachImageOfABatch()
    {
        var p = MetricFixtures.SmallPairs.First(x => x["ifc"] is not null);
        var options = MetricFixtures.LumaOptions(p);
        var a = p.LoadReference();
        var b = p.LoadDistorted();
        var batch = IfcFn.Compute(cat(new[] { a, a }), cat(new[] { b, a }), options);
        Assert.Equal(IfcFn.Compute(a, b, options).item<double>(), batch[0].item<double>(), 10);
        Assert.Equal(IfcFn.Compute(a, a, options).item<double>(), batch[1].item<double>(), 10);
    }

    [Theory]
    [InlineData(72, 4)]
    [InlineData(71, 3)]
    [InlineData(144, 5)]
    public void PyramidMaxHeight_MatchesMaxPyrHt(int side, int expected) =>
        Assert.Equal(expected, SteerablePyramid.MaxHeight(side, side + 10));

    [Fact]
    public void Pyramid_HasBuildSpyrBandSizes()
    {
        var pyr = new SteerablePyramid(ScalarType.Float64, CPU);
        var bands = pyr.Build(rand(2, 1, 75, 90, dtype: ScalarType.Float64), 4);
        Assert.Equal(new long[] { 2, 1, 75, 90 }, bands.HighPass.shape);
        Assert.Equal(new long[] { 2, 1, 38, 45 }, bands.Bands[1][0].shape);
        Assert.Equal(new long[] { 2, 1, 10, 12 }, bands.Bands[3][5].shape);
        Assert.Equal(new long[] { 2, 1, 5, 6 }, bands.LowPass.shape);
    }

    [Fact]
    public void Metric_ReportsNameAndDirection()
    {
        var m = new IfcMetric(MetricOptions.SrPaperY(4));
        Assert.Equal("ifc", m.Name);
        Assert.True(m.HigherIsBetter);
    }
}
