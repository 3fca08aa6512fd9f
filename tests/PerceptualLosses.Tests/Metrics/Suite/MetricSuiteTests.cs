using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;
using IfcFn = PerceptualLosses.Metrics.Ifc;
using PsnrFn = PerceptualLosses.Metrics.Psnr;
using SsimFn = PerceptualLosses.Metrics.Ssim;
using UqiFn = PerceptualLosses.Metrics.Uqi;

namespace PerceptualLosses.Tests.Metrics;

public sealed class MetricSuiteTests
{
    private static readonly string LpipsFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips");

    public static IEnumerable<object[]> Settings() => new[]
    {
        new object[] { "rgb", MetricOptions.Default },
        new object[] { "y-shave4-uint8", MetricOptions.SrPaperSavedY(4) },
        new object[] { "y-basicsr-255", MetricOptions.SrPaperY(4, dataRange: 255) with { Protocol = ScoringProtocol.EightBit, Luma = LumaConvention.BasicSr } },
        new object[] { "rgb-fast-shave2", MetricOptions.Default with { Precision = MetricPrecision.Fast, Shave = 2 } },
        new object[] { "rgb-exact", MetricOptions.Default with { Precision = MetricPrecision.Exact } },
    };

    private static (Tensor Prediction, Tensor Target) Pair(MetricOptions options)
    {
        var generator = new TorchSharp.torch.Generator(7);
        var target = rand(new long[] { 2, 3, 83, 90 }, generator: generator);
        var prediction = (target + (0.1 * rand(new long[] { 2, 3, 83, 90 }, generator: generator))).clamp(0, 1);
        return (prediction * options.DataRange, target * options.DataRange);
    }

    private static Dictionary<string, Func<Tensor, Tensor, MetricOptions, Tensor>> Alone => new()
    {
        ["psnr"] = (p, t, o) => PsnrFn.Compute(p, t, o),
        ["ssim"] = (p, t, o) => SsimFn.Compute(p, t, o),
        ["uqi"] = (p, t, o) => UqiFn.Compute(p, t, o),
        ["gmsd"] = (p, t, o) => GmsdFn.Compute(p, t, o),
        ["ifc"] = (p, t, o) => IfcFn.Compute(p, t, o),
    };

    private static double[] Values(Tensor values) => values.to_type(ScalarType.Float64).cpu().data<double>().ToArray();

    [Theory]
    [MemberData(nameof(Settings))]
    public void Score_GivesExactlyTheNumbersOfEachMetricAlone(string setting, MetricOptions options)
    {
        using var scope = NewDisposeScope();
        var (prediction, target) = Pair(options);

        var scores = new MetricSuite(options, SuiteMetric.FullReference).Score(prediction, target);

        Assert.Equal(new[] { "psnr", "ssim", "uqi", "gmsd", "ifc" }, scores.Select(s => s.Name));
        foreach (var score in scores)
        {
            var alone = Alone[score.Name](prediction, target, options);
            Assert.Equal(alone.dtype, score.Values.dtype);
            Assert.True(Values(alone).SequenceEqual(Values(score.Values)), $"{setting} {score.Name}: [{string.Join(", ", Values(score.Values))}] vs [{string.Join(", ", Values(alone))}]");
        }
    }

    [Fact]
    public void Score_WithColorY_ConvertsEachImageToYOnceForAllFiveMetrics()
    {
        using var scope = NewDisposeScope();
        var options = MetricOptions.SrPaperY(4);
        var (prediction, target) = Pair(options);
        var conversions = new List<SuiteInput>();
        var suite = new MetricSuite(options, SuiteMetric.FullReference) { Converted = conversions.Add };

        suite.Score(prediction, target);

        Assert.Equal(new[] { SuiteInput.Channels, SuiteInput.Channels }, conversions); // prediction and target, once each
    }

    [Fact]
    public void Score_UnderFast_ConvertsOnce_AndGivesFloat64Values()
    {
        using var scope = NewDisposeScope();
        var options = MetricOptions.Default with { Precision = MetricPrecision.Fast };
        var (prediction, target) = Pair(options);
        int conversions = 0;
        var suite = new MetricSuite(options, SuiteMetric.FullReference) { Converted = _ => conversions++ };

        var scores = suite.Score(prediction, target);

        Assert.Equal(2, conversions); // float64 once; SSIM, UQI and GMSD get it narrowed, not converted again
        Assert.All(scores, s => Assert.Equal(ScalarType.Float64, s.Values.dtype));
    }

    [Fact]
    public void Score_SizeMinimum_IsThatOfTheRequestedMetricsOnly()
    {
        using var scope = NewDisposeScope();
        var target = rand(1, 3, 24, 24);
        var prediction = (target * 0.9).contiguous();

        var psnr = new MetricSuite(MetricOptions.Default, new[] { SuiteMetric.Psnr, SuiteMetric.Ssim() }).Score(prediction, target);
        var error = Assert.Throws<ArgumentException>(() => new MetricSuite(MetricOptions.Default, SuiteMetric.FullReference).Score(prediction, target));
        var shaved = Assert.Throws<ArgumentException>(() => new MetricSuite(MetricOptions.Default with { Shave = 7 }, new[] { SuiteMetric.Psnr, SuiteMetric.Ssim() }).Score(prediction, target));

        Assert.Equal(2, psnr.Count);
        Assert.Contains("ifc needs images of at least 72x72 pixels after crop and shave; got 24x24", error.Message, StringComparison.Ordinal);
        Assert.Contains("ssim needs images of at least 11x11 pixels after crop and shave; got 10x10", shaved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_Lpips_GetsTheRgbPairAfterTheSameCropRoundingAndShave_WhenTheOthersScoreY()
    {
        using var scope = NewDisposeScope();
        using var lpips = LpipsFactory.Vgg16(Path.Combine(LpipsFolder, "vgg16_w8.pth"), Path.Combine(LpipsFolder, "lin_w8.pth"), LpipsInputRange.ZeroToOne);
        var options = MetricOptions.SrPaperSavedY(4) with { DataRange = 255 };
        var (prediction, target) = Pair(options);

        var scores = new MetricSuite(options, new[] { SuiteMetric.Psnr, SuiteMetric.Learned("lpips", lpips) }).Score(prediction, target);

        // By hand: crop 83x90 to 80x88, round to 8-bit levels (halves up), remove 4 pixels per side, back to [0,1], RGB.
        Tensor Saved(Tensor x) => ((x[.., .., ..80, ..88] + 0.5).floor() / 255)[.., .., 4..76, 4..84];
        var expected = lpips.Compute(Saved(prediction), Saved(target));
        Assert.Equal(new[] { "psnr", "lpips" }, scores.Select(s => s.Name));
        Assert.True(expected.allclose(scores[1].Values, rtol: 1e-6, atol: 0), $"[{string.Join(", ", Values(scores[1].Values))}] vs [{string.Join(", ", Values(expected))}]");
        Assert.Equal(PsnrFn.Compute(prediction, target, options).data<double>().ToArray(), scores[0].Values.data<double>().ToArray());
    }

    [Fact]
    public void Score_Lpips_OnGreyInput_SeesTheGreyChannelAsRgb()
    {
        using var scope = NewDisposeScope();
        using var lpips = LpipsFactory.Vgg16(Path.Combine(LpipsFolder, "vgg16_w8.pth"), Path.Combine(LpipsFolder, "lin_w8.pth"), LpipsInputRange.ZeroToOne);
        var (prediction, target) = Pair(MetricOptions.Default);
        prediction = prediction[.., ..1];
        target = target[.., ..1];

        var scores = new MetricSuite(new MetricOptions { Color = ColorMode.Gray }, new[] { SuiteMetric.Learned("lpips", lpips) }).Score(prediction, target);

        Assert.Equal(Values(lpips.Compute(prediction.expand(-1, 3, -1, -1), target.expand(-1, 3, -1, -1))), Values(scores[0].Values));
    }

    [Fact]
    public void Learned_RefusesANetworkForMinusOneToOneInput()
    {
        using var lpips = LpipsFactory.Vgg16(Path.Combine(LpipsFolder, "vgg16_w8.pth"), Path.Combine(LpipsFolder, "lin_w8.pth"), LpipsInputRange.MinusOneToOne);

        var error = Assert.Throws<ArgumentException>(() => SuiteMetric.Learned("lpips", lpips));

        Assert.Equal("lpips", error.ParamName);
        Assert.Contains("ZeroToOne", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RefusesRepeatedNamesAndAnEmptyList()
    {
        Assert.Contains("repeated: psnr", Assert.Throws<ArgumentException>(() => new MetricSuite(MetricOptions.Default, new[] { SuiteMetric.Psnr, SuiteMetric.Psnr })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MetricSuite(MetricOptions.Default, Array.Empty<SuiteMetric>()));
    }
}
