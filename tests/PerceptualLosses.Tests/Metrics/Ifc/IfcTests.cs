using System;
using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using IfcFn = PerceptualLosses.Metrics.Ifc;

namespace PerceptualLosses.Tests.Metrics;

public class IfcTests
{
    // Both sides are float64: ifcvec.m under Octave and ours differ only in summation order and the eigen-solver, so a
    // regression of any size shows. Measured worst over the fixture pairs: see the Fixtures/Metrics README.
    private const double RelativeTolerance = 1e-8;

    // IFC(x, x): σ_v² = var_y − g·cov is a difference of equal numbers (~1e-12 instead of 0), and log2(1 + …/(σ_v² + 1e-10))
    // magnifies its rounding; measured 4.6e-7 relative.
    private const double IdenticalRelativeTolerance = 1e-6;

    /// <summary>The fixture's 8-bit values as float64 k/255, as MATLAB's double(imread(...))/255 (float32 k/255 is off by ~1e-8).</summary>
    private static Tensor Exact(Tensor image) => (image.to_type(ScalarType.Float64) * 255.0).round() / 255.0;

    [Fact]
    public void Compute_MatchesIfcvecM_OnY_ForEveryFixturePair() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ifc", (a, b, p) => IfcFn.Compute(Exact(b), Exact(a), MetricFixtures.LumaOptions(p)), 0, RelativeTolerance);

    [Fact]
    public void Compute_MatchesIfcvecM_WithShave4() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs, "ifc_shave4", (a, b, p) => IfcFn.Compute(Exact(b), Exact(a), MetricFixtures.LumaOptions(p, shave: 4)), 0, RelativeTolerance);

    [Fact]
    public void Compute_MatchesIfcvecM_ForIdenticalImages() =>
        ReferenceAgreement.Check(MetricFixtures.SmallPairs.Where(p => p.Distorted.EndsWith("_blur1.png", StringComparison.Ordinal)), "ifc_identical",
            (a, _, p) => IfcFn.Compute(Exact(a), Exact(a), MetricFixtures.LumaOptions(p)), 0, IdenticalRelativeTolerance);

    [Fact]
    public void Compute_MatchesIfcvecM_OnAtLeastFourPairsLargeEnoughForEveryBand()
    {
        var large = MetricFixtures.SmallPairs.Where(p => p["ifc_shave4"] is not null).ToList();
        Assert.True(large.Count >= 4, $"only {large.Count} pairs reach 4 pyramid levels after shave 4");
        Assert.All(large, p => Assert.True(p.LoadReference().shape.Skip(2).Min() - 8 >= IfcFn.MinSize, p.ToString()));
    }

    /// <summary>
    /// Every subband of <see cref="SteerablePyramid"/> equals matlabPyrTools <c>buildSpyr(Y, 4, 'sp5Filters', 'reflect1')</c>
    /// under Octave (tools/fixtures/protocol_pyramid_octave.m, <c>pyramid</c> in protocol_reference.json): band k = 1 is the
    /// high-pass, then six orientations per level (finest first), the low-pass last; sizes, sums and 24 samples per band.
    /// </summary>
    [Fact]
    public void SteerablePyramid_SubbandsMatchBuildSpyr()
    {
        using var scope = NewDisposeScope();
        var root = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(MetricFixtures.Folder, "protocol_reference.json"))).RootElement.GetProperty("pyramid");
        var image = Exact(MetricFixtures.LoadImage(root.GetProperty("image").GetString()!, grey: false));
        var y = PerceptualLosses.Imaging.ColorConversion.RgbToY(image) * 255.0;
        var pyramid = new SteerablePyramid(ScalarType.Float64, y.device).Build(y, root.GetProperty("levels").GetInt32());
        var bands = new[] { pyramid.HighPass }.Concat(pyramid.Bands.SelectMany(level => level)).Append(pyramid.LowPass).ToArray();
        var expected = root.GetProperty("bands").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, bands.Length);
        for (int k = 0; k < bands.Length; k++)
        {
            var band = bands[k][0, 0];
            var e = expected[k];
            long rows = e.GetProperty("size")[0].GetInt64(), columns = e.GetProperty("size")[1].GetInt64();
            Assert.Equal(new[] { rows, columns }, band.shape);
            double scale = e.GetProperty("abs_sum").GetDouble() / (rows * columns);
            Assert.True(Math.Abs(band.sum().item<double>() - e.GetProperty("sum").GetDouble()) <= 1e-9 * scale * rows * columns, $"band {k + 1} sum");
            Assert.True(Math.Abs(band.abs().sum().item<double>() - e.GetProperty("abs_sum").GetDouble()) <= 1e-9 * scale * rows * columns, $"band {k + 1} abs sum");
            var indices = e.GetProperty("sample_index").EnumerateArray().Select(v => v.GetInt64() - 1).ToArray();
            var values = e.GetProperty("sample_value").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int i = 0; i < indices.Length; i++)
            {
                // MATLAB's linear index is column-major.
                double actual = band[indices[i] % rows, indices[i] / rows].item<double>();
                Assert.True(Math.Abs(actual - values[i]) <= 1e-9 * scale, $"band {k + 1} sample {indices[i] + 1}: ours {actual:R}, buildSpyr {values[i]:R}");
            }
        }
    }

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
        IfcFn.Compute(x, reference, options).sum().backward();
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
            return (IfcFn.Compute(plus, reference, options).item<double>() - IfcFn.Compute(minus, reference, options).item<double>()) / (2 * H);
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
                Assert.True(self > IfcFn.Compute(p.LoadDistorted(), a, MetricFixtures.LumaOptions(p)).item<double>(), p.ToString());
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
                return IfcFn.Compute(p.LoadDistorted(), p.LoadReference(), MetricFixtures.LumaOptions(p)).item<double>();
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
        var batch = IfcFn.Compute(cat(new[] { b, a }), cat(new[] { a, a }), options);
        Assert.Equal(IfcFn.Compute(b, a, options).item<double>(), batch[0].item<double>(), 10);
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
