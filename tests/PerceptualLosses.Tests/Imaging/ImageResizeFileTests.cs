using System;
using System.IO;
using PerceptualLosses.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Imaging;

/// <summary><see cref="ImageResize.ResizeFile"/>: the file's layout is kept (grey stays grey), nothing converted unless asked.</summary>
public sealed class ImageResizeFileTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-resize-file-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write<TPixel>(string name, Func<Random, TPixel> pixel)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        string path = Path.Combine(root, name);
        var random = new Random(name.Length);
        using var image = new Image<TPixel>(12, 10);
        for (int y = 0; y < 10; y++)
        {
            for (int x = 0; x < 12; x++)
            {
                image[x, y] = pixel(random);
            }
        }

        image.SaveAsPng(path);
        return path;
    }

    [Fact]
    public void AGreyFile_StaysGrey_WithTheValuesOfTheResizer()
    {
        string grey = Write("grey.png", r => new L8((byte)r.Next(256)));
        string output = Path.Combine(root, "out", "grey-x2.png");

        ImageResize.ResizeFile(grey, output, 2, ResizeAlgorithm.MatlabBicubic);

        Assert.True(ImageIO.IsGrayscale(output));
        using var scope = NewDisposeScope();
        var expected = MatlabResize.Imresize(ImageIO.Load(grey, ImageLoadOptions.Grayscale), 2).clamp(0, 1);
        var written = ImageIO.Load(output, ImageLoadOptions.Grayscale);
        Assert.Equal(new long[] { 1, 20, 24 }, written.shape);
        // The file holds 8 bits: the written values are the resizer's, rounded.
        Assert.True((written - expected).abs().max().item<float>() <= 0.5f / 255 + 1e-6f);
    }

    [Fact]
    public void AnAlphaChannel_IsAnErrorNamingDropAlpha_UnlessDropAlpha()
    {
        string rgba = Write("rgba.png", r => new Rgba32((byte)r.Next(256), (byte)r.Next(256), (byte)r.Next(256), (byte)r.Next(256)));
        string output = Path.Combine(root, "rgba-x2.png");

        var error = Assert.Throws<InvalidDataException>(() => ImageResize.ResizeFile(rgba, output, 2, ResizeAlgorithm.Nearest));
        Assert.Contains("DropAlpha", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        ImageResize.ResizeFile(rgba, output, 2, ResizeAlgorithm.Nearest, dropAlpha: true);
        using var scope = NewDisposeScope();
        var colour = ImageIO.Load(rgba, ImageLoadOptions.ConvertToRgb);
        Assert.Equal(0f, (ImageIO.Load(output) - colour.repeat_interleave(2, dim: 1).repeat_interleave(2, dim: 2)).abs().max().item<float>());
    }
}
