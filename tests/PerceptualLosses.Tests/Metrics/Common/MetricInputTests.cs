using System;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;
using PsnrFn = PerceptualLosses.Metrics.Psnr;
using SsimFn = PerceptualLosses.Metrics.Ssim;
using UqiFn = PerceptualLosses.Metrics.Uqi;

namespace PerceptualLosses.Tests.Metrics;

public class MetricInputTests
{
    private static readonly Func<Tensor, Tensor, MetricOptions, Tensor>[] AllMetrics =
    {
        (a, b, o) => PsnrFn.Compute(b, a, o),
        (a, b, o) => SsimFn.Compute(b, a, o),
        (a, b, o) => UqiFn.Compute(b, a, o),
        (a, b, o) => GmsdFn.Compute(b, a, o),
        (a, b, o) => PerceptualLosses.Metrics.Ifc.Compute(b, a, o),
    };

    [Fact]
    public void Prepare_Throws_WhenShapesDiffer()
    {
        var ex = Assert.Throws<ArgumentException>(() => MetricInput.Prepare(rand(1, 3, 80, 81), rand(1, 3, 80, 80), MetricOptions.Default, "m", 1));
        Assert.Contains("same shape", ex.Message, StringComparison.Ordinal);
        foreach (var metric in AllMetrics)
        {
            Assert.Throws<ArgumentException>(() => metric(rand(2, 3, 80, 80), rand(1, 3, 80, 80), MetricOptions.Default));
        }
    }

    [Fact]
    public void Prepare_Throws_WhenNotABatchOrNotFloat()
    {
        Assert.Throws<ArgumentException>(() => MetricInput.Prepare(rand(3, 32, 32), rand(3, 32, 32), MetricOptions.Default, "m", 1));
        Assert.Throws<ArgumentException>(() => MetricInput.Prepare(ones(1, 3, 32, 32, ScalarType.Byte), ones(1, 3, 32, 32, ScalarType.Byte), MetricOptions.Default, "m", 1));
    }

    [Fact]
    public void Prepare_Throws_WithRangeHint_WhenValuesLookLike255()
    {
        var a = rand(1, 3, 32, 32) * 255;
        var ex = Assert.Throws<ArgumentException>(() => MetricInput.Prepare(a, a, MetricOptions.Default, "m", 1));
        Assert.Contains("DataRange = 255", ex.Message, StringComparison.Ordinal);
        Assert.Contains("never clamped", ex.Message, StringComparison.Ordinal);
        Assert.True(a.max().item<float>() > 1);
    }

    [Fact]
    public void Prepare_Throws_WithRangeHint_WhenUnitImagesAreDeclared255()
    {
        var a = rand(1, 3, 32, 32);
        var ex = Assert.Throws<ArgumentException>(() => MetricInput.Prepare(a, a, new MetricOptions { DataRange = 255 }, "m", 1));
        Assert.Contains("DataRange = 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_Accepts255ScaleIntegers_AndGivesTheSameValuesAsUnitScale()
    {
        var a = (rand(1, 3, 32, 32) * 255).round();
        var b = (a + (randn(1, 3, 32, 32) * 8)).clamp(0, 255).round();
        double v255 = SsimFn.Compute(b, a, new MetricOptions { DataRange = 255 }).item<double>();
        double v1 = SsimFn.Compute(b / 255, a / 255).item<double>();
        Assert.Equal(v1, v255, 6);
    }

    [Fact]
    public void Prepare_Throws_WhenNegative()
    {
        var a = rand(1, 3, 32, 32) - 0.5f;
        Assert.Throws<ArgumentException>(() => MetricInput.Prepare(a.abs(), a, MetricOptions.Default, "m", 1));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Prepare_Throws_OnNaNOrInf(float bad)
    {
        var a = rand(1, 3, 32, 32);
        var b = a.clone();
        b[0, 1, 5, 5] = tensor(bad);
        var ex = Assert.Throws<ArgumentException>(() => MetricInput.Prepare(b, a, MetricOptions.Default, "m", 1));
        Assert.Contains("NaN or Inf", ex.Message, StringComparison.Ordinal);
        Assert.Equal("prediction", ex.ParamName); // the argument holding the NaN/Inf (named distorted before the (prediction, target) order)
    }

    [Theory]
    [InlineData(ColorMode.Y)]
    [InlineData(ColorMode.Rgb)]
    public void Prepare_Throws_WhenSingleChannelGivenToRgbPath(ColorMode color)
    {
        var a = rand(1, 1, 32, 32);
        var ex = Assert.Throws<ArgumentException>(() => MetricInput.Prepare(a, a, new MetricOptions { Color = color }, "ssim", 11));
        Assert.Contains("Color = Gray", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ssim", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_Throws_WhenRgbGivenToGrayPath()
    {
        var a = rand(1, 3, 32, 32);
        Assert.Throws<ArgumentException>(() => MetricInput.Prepare(a, a, new MetricOptions { Color = ColorMode.Gray }, "m", 1));
    }

    [Theory]
    [InlineData("ssim", 11)]
    [InlineData("uqi", 8)]
    [InlineData("gmsd", 6)]
    [InlineData("ifc", 72)]
    public void Metrics_Throw_NamingMetricAndMinimum_WhenTooSmallAfterShave(string name, int minimum)
    {
        // Large enough before the shave, too small after it.
        var a = rand(1, 3, minimum + 7, minimum + 20);
        var options = new MetricOptions { Shave = 4 };
        Func<Tensor> call = name switch
        {
            "ssim" => () => SsimFn.Compute(a, a, options),
            "uqi" => () => UqiFn.Compute(a, a, options),
            "gmsd" => () => GmsdFn.Compute(a, a, options),
            _ => () => PerceptualLosses.Metrics.Ifc.Compute(a, a, options),
        };
        var ex = Assert.Throws<ArgumentException>(() => call());
        Assert.Contains($"{name} needs images of at least {minimum}x{minimum}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shave 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_ShavesAndCrops_AndConvertsToY()
    {
        var a = rand(2, 3, 50, 61);
        var p = MetricInput.Prepare(a, a, MetricOptions.SrPaperY(4), "m", 1);
        Assert.Equal(new long[] { 2, 1, 48 - 8, 60 - 8 }, p.Target.shape);
        Assert.Equal(ScalarType.Float64, p.Target.dtype);
        var expected = PerceptualLosses.Imaging.ColorConversion.RgbToY(a.to_type(ScalarType.Float64))[.., .., 4..44, 4..56] * 255;
        Assert.True(expected.allclose(p.Target, rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void Options_Reject_BadValues()
    {
        var a = rand(1, 3, 32, 32);
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricInput.Prepare(a, a, new MetricOptions { DataRange = 2 }, "m", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricInput.Prepare(a, a, new MetricOptions { Shave = -1 }, "m", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricInput.Prepare(a, a, new MetricOptions { CropToMultipleOf = 0 }, "m", 1));
    }
}
