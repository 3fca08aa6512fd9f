using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Imaging;

/// <summary>Against scikit-image 0.19 rgb2ycbcr (the BT.601 formula of MATLAB's rgb2ycbcr); see Fixtures/Imaging/README.md.</summary>
public class ColorConversionTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "imaging_reference.json"))).RootElement;

    private static Tensor Rgb() =>
        tensor(Reference.GetProperty("rgb").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray()).reshape(-1, 3).t().reshape(3, -1, 1);

    private static double[] Values(string name) => Reference.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Fact]
    public void RgbToY_MatchesScikitImage()
    {
        using var scope = NewDisposeScope();
        var y = ColorConversion.RgbToY(Rgb()).flatten().data<double>().ToArray();
        var expected = Values("y_255_skimage");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i] / 255, y[i], 12);
        }
    }

    [Fact]
    public void RgbToY_Rounded_MatchesMatlabUint8Rounding()
    {
        using var scope = NewDisposeScope();
        var y = ColorConversion.RgbToY(Rgb(), round: true).flatten().data<double>().ToArray();
        var expected = Values("y_255_rounded");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i] / 255, y[i], 12);
        }
    }

    [Fact]
    public void RgbToY_KeepsBatchAndGivesOneChannel()
    {
        using var scope = NewDisposeScope();
        var y = ColorConversion.RgbToY(rand(2, 3, 5, 7));
        Assert.Equal(new long[] { 2, 1, 5, 7 }, y.shape);
        Assert.True(y.min().item<float>() >= 16f / 255 - 1e-6 && y.max().item<float>() <= 235f / 255 + 1e-6);
    }

    [Fact]
    public void RgbToY_RejectsWrongChannelCount()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("rgb", Assert.Throws<ArgumentException>(() => ColorConversion.RgbToY(rand(1, 4, 5, 5))).ParamName);
    }
}
