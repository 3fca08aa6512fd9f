using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Imaging;

/// <summary>Files written by Pillow 9.4 (and a minimal 16-bit PNG writer) with known pixels: tools/fixtures/imageio_reference.py.</summary>
public sealed class ImageIOTests : IDisposable
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "io");
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement;
    private readonly string temp = Directory.CreateTempSubdirectory("pl-io-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>[H][W][C] JSON array as a [C,H,W] tensor divided by <paramref name="levels"/>.</summary>
    private static Tensor Pixels(string name, double levels)
    {
        var rows = Expected.GetProperty(name).EnumerateArray().ToArray();
        int h = rows.Length, w = rows[0].GetArrayLength();
        bool gray = rows[0][0].ValueKind == JsonValueKind.Number;
        int c = gray ? 1 : rows[0][0].GetArrayLength();
        var values = new double[c * h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                for (int k = 0; k < c; k++)
                {
                    values[(k * h + y) * w + x] = (gray ? rows[y][x].GetDouble() : rows[y][x][k].GetDouble()) / levels;
                }
            }
        }

        return tensor(values).reshape(c, h, w);
    }

    [Theory]
    [InlineData("rgb8.png")]
    [InlineData("rgb8.bmp")]
    [InlineData("rgb8.tif")]
    public void Load_Reads8BitRgbExactly(string file)
    {
        using var scope = NewDisposeScope();
        var image = ImageIO.Load(PathOf(file));
        Assert.Equal(ScalarType.Float32, image.dtype);
        Assert.Equal(new long[] { 3, 4, 5 }, image.shape);
        Assert.True((image.to_type(ScalarType.Float64) - Pixels("rgb8", 255)).abs().max().item<double>() < 1e-7);
    }

    [Fact]
    public void Load_Reads16BitPngAtFullPrecision()
    {
        using var scope = NewDisposeScope();
        var image = ImageIO.Load(PathOf("rgb16.png"));
        Assert.True((image.to_type(ScalarType.Float64) - Pixels("rgb16", 65535)).abs().max().item<double>() < 1e-7);
    }

    [Fact]
    public void Load_Grayscale_IsAnErrorUnlessConversionIsAsked()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<InvalidDataException>(() => ImageIO.Load(PathOf("gray8.png")));
        Assert.Contains("ConvertGrayscaleToRgb", error.Message, StringComparison.Ordinal);

        var rgb = ImageIO.Load(PathOf("gray8.png"), ImageLoadOptions.ConvertToRgb);
        var gray = Pixels("gray8", 255);
        Assert.True((rgb.to_type(ScalarType.Float64) - gray.expand(3, -1, -1)).abs().max().item<double>() < 1e-7);
        Assert.Equal(new long[] { 1, 4, 5 }, ImageIO.Load(PathOf("gray8.png"), ImageLoadOptions.Grayscale).shape);
        Assert.Throws<InvalidDataException>(() => ImageIO.Load(PathOf("gray8.jpg")));
        Assert.Equal(new long[] { 3, 4, 5 }, ImageIO.Load(PathOf("gray8.jpg"), ImageLoadOptions.ConvertToRgb).shape);
    }

    [Fact]
    public void Load_Rgba_IsAnErrorUnlessAlphaIsDropped()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<InvalidDataException>(() => ImageIO.Load(PathOf("rgba8.png")));
        Assert.Contains("DropAlpha", error.Message, StringComparison.Ordinal);
        var rgb = ImageIO.Load(PathOf("rgba8.png"), ImageLoadOptions.ConvertToRgb);
        Assert.True((rgb.to_type(ScalarType.Float64) - Pixels("rgba8", 255).narrow(0, 0, 3)).abs().max().item<double>() < 1e-7);
    }

    [Fact]
    public void Load_RgbAsGrayscale_IsAnError()
    {
        Assert.Throws<InvalidDataException>(() => ImageIO.Load(PathOf("rgb8.png"), ImageLoadOptions.Grayscale));
    }

    [Theory]
    [InlineData("truncated.png")]
    [InlineData("not_an_image.png")]
    public void Load_CorruptFile_NamesThePath(string file)
    {
        var error = Assert.Throws<InvalidDataException>(() => ImageIO.Load(PathOf(file)));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFileAndUnsupportedFormat_AreClearErrors()
    {
        Assert.Throws<FileNotFoundException>(() => ImageIO.Load(PathOf("missing.png")));
        string gif = Path.Combine(temp, "x.gif");
        File.WriteAllText(gif, "GIF89a");
        var error = Assert.Throws<NotSupportedException>(() => ImageIO.Load(gif));
        Assert.Contains(".gif", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_RoundsHalfAwayFromZero_AsMatlabUint8()
    {
        using var scope = NewDisposeScope();
        var values = Expected.GetProperty("round_values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var expected = Expected.GetProperty("round_expected").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        string path = Path.Combine(temp, "round.png");
        ImageIO.Save(tensor(values).reshape(1, 1, values.Length), path);

        var read = ImageIO.Load(path, ImageLoadOptions.Grayscale).flatten().data<float>().ToArray();
        Assert.Equal(expected, read.Select(v => (int)Math.Round(v * 255)).ToArray());
    }

    [Fact]
    public void Save16Bit_RoundTripsThroughPng()
    {
        using var scope = NewDisposeScope();
        var original = ImageIO.Load(PathOf("rgb16.png"));
        string path = Path.Combine(temp, "copy16.png");
        ImageIO.Save(original, path, ImageBitDepth.Sixteen);
        Assert.True(ImageIO.Load(path).allclose(original, rtol: 0, atol: 1e-7));
    }

    [Fact]
    public void Save8Bit_RoundTripsExactly()
    {
        using var scope = NewDisposeScope();
        var original = ImageIO.Load(PathOf("rgb8.png"));
        string path = Path.Combine(temp, "copy8.png");
        ImageIO.Save(original.unsqueeze(0), path);
        Assert.True(ImageIO.Load(path).allclose(original, rtol: 0, atol: 1e-7));
    }

    [Fact]
    public void Save_RejectsValuesOutsideUnitRangeInsteadOfClamping()
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(temp, "bad.png");
        var error = Assert.Throws<ArgumentException>(() => ImageIO.Save(full(3, 2, 2, 1.2f), path));
        Assert.Equal("image", error.ParamName);
        Assert.False(File.Exists(path));
        Assert.Throws<ArgumentException>(() => ImageIO.Save(full(3, 2, 2, float.NaN), path));
    }

    [Fact]
    public void Save_RejectsWrongShapesAndSixteenBitJpeg()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => ImageIO.Save(rand(2, 2, 2), Path.Combine(temp, "a.png")));
        Assert.Throws<ArgumentException>(() => ImageIO.Save(rand(2, 3, 2, 2), Path.Combine(temp, "a.png")));
        Assert.Throws<ArgumentException>(() => ImageIO.Save(rand(3, 2, 2), Path.Combine(temp, "a.jpg"), ImageBitDepth.Sixteen));
    }

    [Fact]
    public void LoadBatch_StacksAndRejectsMixedSizes()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 2, 3, 4, 5 }, ImageIO.LoadBatch(new[] { PathOf("rgb8.png"), PathOf("rgb8.bmp") }).shape);
        var error = Assert.Throws<ArgumentException>(() => ImageIO.LoadBatch(new[] { PathOf("rgb8.png"), PathOf("rgb16.png") }));
        Assert.Contains("rgb16.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPair_GivesTwoBatchesOfOne_AndRejectsDifferentSizes_NamingBothFiles()
    {
        using var scope = NewDisposeScope();
        var (prediction, target) = ImageIO.LoadPair(PathOf("rgb8.png"), PathOf("rgb8.bmp"));
        Assert.Equal(new long[] { 1, 3, 4, 5 }, prediction.shape);
        Assert.Equal(new long[] { 1, 3, 4, 5 }, target.shape);
        var error = Assert.Throws<ArgumentException>(() => ImageIO.LoadPair(PathOf("rgb8.png"), PathOf("rgb16.png")));
        Assert.Equal("targetPath", error.ParamName);
        Assert.Contains(PathOf("rgb8.png"), error.Message, StringComparison.Ordinal);
        Assert.Contains(PathOf("rgb16.png"), error.Message, StringComparison.Ordinal);
    }
}
