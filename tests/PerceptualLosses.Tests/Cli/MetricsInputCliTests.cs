using System;
using System.IO;
using System.Text.Json;
using PerceptualLosses.Tests.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace PerceptualLosses.Tests.Cli;

/// <summary><c>perceptual metrics</c> on what users have: images with an alpha channel, old spellings of option values.</summary>
[Collection(CliTests.Name)]
public sealed class MetricsInputCliTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-metrics-input-").FullName;
    private readonly string rgba, rgb, other;

    public MetricsInputCliTests()
    {
        rgba = Path.Combine(root, "rgba.png");
        rgb = Path.Combine(root, "rgb.png");
        other = Path.Combine(root, "other.png");
        var random = new Random(4);
        using var withAlpha = new Image<Rgba32>(24, 24);
        using var without = new Image<Rgb24>(24, 24);
        using var different = new Image<Rgb24>(24, 24);
        for (int y = 0; y < 24; y++)
        {
            for (int x = 0; x < 24; x++)
            {
                byte r = (byte)random.Next(256), g = (byte)random.Next(256), b = (byte)random.Next(256);
                withAlpha[x, y] = new(r, g, b, (byte)random.Next(256));
                without[x, y] = new(r, g, b);
                different[x, y] = new(g, b, r);
            }
        }

        withAlpha.SaveAsPng(rgba);
        without.SaveAsPng(rgb);
        different.SaveAsPng(other);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void AnImageWithAlpha_IsOneParagraphNamingTheFileAndDropAlpha_Exit2()
    {
        var (code, output, error) = CliRunner.Run("metrics", "--reference", other, "--distorted", rgba, "--metrics", "psnr,ssim", "--json");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(rgba, error, StringComparison.Ordinal);
        Assert.Contains("--drop-alpha", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DropAlpha_ScoresTheColourValues()
    {
        var (code, output, error) = CliRunner.Run("metrics", "--reference", other, "--distorted", rgba, "--metrics", "psnr,ssim", "--drop-alpha", "--json");
        var (plainCode, plainOutput, plainError) = CliRunner.Run("metrics", "--reference", other, "--distorted", rgb, "--metrics", "psnr,ssim", "--json");

        Assert.True(code == 0, error);
        Assert.True(plainCode == 0, plainError);
        using var json = JsonDocument.Parse(output);
        using var plain = JsonDocument.Parse(plainOutput);
        Assert.Equal(plain.RootElement.GetProperty("psnr").GetDouble(), json.RootElement.GetProperty("psnr").GetDouble());
        Assert.Equal(plain.RootElement.GetProperty("ssim").GetDouble(), json.RootElement.GetProperty("ssim").GetDouble());
    }

    [Theory]
    [InlineData("RGB", "rgb")]
    [InlineData("Y", "y")]
    [InlineData("grey", "gray")]
    public void Color_TakesItsEarlierSpellings_AndReportsTheName(string given, string reported)
    {
        string first = reported == "gray" ? Grey("a.png", 1) : rgb, second = reported == "gray" ? Grey("b.png", 2) : other;

        var (code, output, error) = CliRunner.Run("metrics", "--reference", first, "--distorted", second, "--metrics", "psnr", "--color", given, "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(reported, json.RootElement.GetProperty("color").GetString());
    }

    [Fact]
    public void Folders_WriteTheLibrarysCsv_AndTheMeans()
    {
        string references = Directory.CreateDirectory(Path.Combine(root, "ref")).FullName, distorted = Directory.CreateDirectory(Path.Combine(root, "dist")).FullName;
        foreach (string name in new[] { "a.png", "b.png" })
        {
            File.Copy(rgb, Path.Combine(references, name));
            File.Copy(name == "a.png" ? other : rgb, Path.Combine(distorted, name));
        }

        string csv = Path.Combine(root, "m.csv");
        var (code, output, error) = CliRunner.Run("metrics", "--reference", references, "--distorted", distorted, "--metrics", "psnr,gmsd", "--csv", csv, "--json");

        Assert.True(code == 0, error);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(new[] { "file,psnr,gmsd", "a.png", "b.png,Infinity,0", "mean,Infinity" }, new[] { lines[0], lines[1].Split(',')[0], lines[2], lines[3][..13] });
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("pairs").GetInt32());
        Assert.Equal("Infinity", json.RootElement.GetProperty("psnr").GetString());
        Assert.Equal(double.Parse(lines[1].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) / 2, json.RootElement.GetProperty("gmsd").GetDouble(), 12);
    }

    private string Grey(string name, int seed)
    {
        string path = Path.Combine(root, name);
        var random = new Random(seed);
        using var image = new Image<L8>(24, 24);
        for (int y = 0; y < 24; y++)
        {
            for (int x = 0; x < 24; x++)
            {
                image[x, y] = new((byte)random.Next(256));
            }
        }

        image.SaveAsPng(path);
        return path;
    }
}
