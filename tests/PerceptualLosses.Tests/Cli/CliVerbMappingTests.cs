using System;
using System.IO;
using System.Text.Json;
using PerceptualLosses.Imaging;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Cli;

/// <summary>
/// The verbs map their option values through the libraries' name tables: the values accepted stay the same (old
/// spellings too), and a bad one is reported with the library's message under the option's name.
/// </summary>
[Collection(CliTests.Name)]
public sealed class CliVerbMappingTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-cli-verbs-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(root, name);

    [Fact]
    public void Emit_TakesTheEngineInAnyCase_AndReportsTheLayoutByItsName()
    {
        var (code, output, error) = CliRunner.Run(
            "demo", "--losses", "E", "--no-classifiers", "--out", "/data/out/demo", "--emit", "K8S", Path("k8s"), "--image", "i", "--gres", "none", "--layout", "per-shard", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("kubernetes", json.RootElement.GetProperty("engine").GetString());
        Assert.Equal("per-shard", json.RootElement.GetProperty("layout").GetString());
    }

    [Fact]
    public void Emit_AnUnknownEngine_IsTheLibrarysMessageUnderTheOption()
    {
        var (code, _, error) = CliRunner.Run("demo", "--out", Path("out"), "--emit", "pbs", Path("j"));

        Assert.Equal(2, code);
        Assert.StartsWith("perceptual demo: --emit 'pbs' must be slurm or k8s", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Engine", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_ReportsTheMethodByItsName()
    {
        using (var scope = NewDisposeScope())
        {
            ImageIO.Save(rand(3, 8, 8), Path("a.png"));
        }

        var (code, output, error) = CliRunner.Run("resize", "--input", Path("a.png"), "--out", Path("b.png"), "--scale", "2", "--method", "nearest", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("nearest", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(new long[] { 3, 16, 16 }, ImageIO.Load(Path("b.png")).shape);
    }

    [Fact]
    public void Robustness_WeightsWithoutTheirSidecar_IsTheLibrarysMessage_WithTheOptionsToGive()
    {
        string weights = Path("model.bin");
        File.WriteAllText(weights, "weights");

        var (code, _, error) = CliRunner.Run("robustness", "--model", weights, "--data", root);

        Assert.Equal(2, code);
        Assert.StartsWith($"perceptual robustness: --model: weights file '{weights}' has no '{Path("architecture.json")}' beside it:", error, StringComparison.Ordinal);
        Assert.EndsWith("given instead: --arch (and --num-classes)." + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.DoesNotContain("NumClasses", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_APTermWithoutVggWeights_IsTheLibrarysMessageUnderTheOption()
    {
        using (var scope = NewDisposeScope())
        {
            ImageIO.Save(rand(3, 8, 8), Path("a.png"));
        }

        var (code, _, error) = CliRunner.Run("loss", "--spec", "EP", "--prediction", Path("a.png"), "--target", Path("a.png"));

        Assert.Equal(2, code);
        Assert.StartsWith("perceptual loss: --vgg-weights is required: '", error, StringComparison.Ordinal);
        Assert.Contains("has P or T terms.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("VggWeights", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error, StringComparison.Ordinal);
    }

    /// <summary>A tiny untrained EnhanceNet as train-sr writes it, a grey image and an RGBA image (8x8).</summary>
    private (string Generator, string Grey, string Rgba) UpscaleInputs()
    {
        string generator = Path(SuperResolutionRunner.WeightsName);
        using (var net = new EnhanceNet(EnhanceNetOptions.Tiny))
        {
            ModelStore.SaveEnhanceNet(net, EnhanceNetOptions.Tiny, generator);
        }

        using (var scope = NewDisposeScope())
        {
            ImageIO.Save(rand(1, 8, 8), Path("grey.png"));
        }

        using (var rgba = new Image<Rgba32>(8, 8, new Rgba32(200, 100, 50, 128)))
        {
            rgba.SaveAsPng(Path("rgba.png"));
        }

        return (generator, Path("grey.png"), Path("rgba.png"));
    }

    [Theory]
    [InlineData("grey.png", "is grayscale; load it with --gray-to-rgb to replicate its channel to RGB.")]
    [InlineData("rgba.png", "has an alpha channel; load it with --drop-alpha to drop it")]
    public void Upscale_AGreyOrRgbaInput_IsRefused_NamingTheOptionThatConvertsIt(string file, string message)
    {
        var (generator, _, _) = UpscaleInputs();

        var (code, output, error) = CliRunner.Run("upscale", "--model", generator, "--input", Path(file), "--out", Path("out.png"));

        Assert.Equal(2, code);
        Assert.Contains($"'{Path(file)}' {message}", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n')); // one paragraph
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("ImageLoadOptions", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path("out.png")));
    }

    [Theory]
    [InlineData("grey.png", "--gray-to-rgb")]
    [InlineData("grey.png", "--grey-to-rgb")]
    [InlineData("rgba.png", "--drop-alpha")]
    public void Upscale_WithTheConversionAskedFor_WritesAnRgbImage(string file, string option)
    {
        var (generator, _, _) = UpscaleInputs();

        var (code, _, error) = CliRunner.Run("upscale", "--model", generator, "--input", Path(file), "--out", Path("out.png"), option, "--json");

        Assert.True(code == 0, error);
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 3, 32, 32 }, ImageIO.Load(Path("out.png")).shape);
    }

    [Fact]
    public void Loss_AGreyImage_IsRefusedUnlessAskedFor()
    {
        var (_, grey, _) = UpscaleInputs();

        var (refused, _, error) = CliRunner.Run("loss", "--spec", "E", "--prediction", grey, "--target", grey);
        Assert.Equal(2, refused);
        Assert.Contains("--gray-to-rgb", error, StringComparison.Ordinal);

        var (code, _, message) = CliRunner.Run("loss", "--spec", "E", "--prediction", grey, "--target", grey, "--gray-to-rgb", "--json");
        Assert.True(code == 0, message);
    }

    [Fact]
    public void DryRun_ListsWhatTheStudyReads_UnderTheOptionsThatNameIt()
    {
        var (code, output, error) = CliRunner.Run("demo", "--dry-run", "--losses", "E", "--out", Path("demo"));
        Assert.True(code == 0, error);
        Assert.Contains(Environment.NewLine + "Reads:" + Environment.NewLine, output, StringComparison.Ordinal);
        Assert.Matches(@"\n  --train +\S*images[/\\]train\r?\n", output);
        Assert.Contains("  --classifier-weights ", output, StringComparison.Ordinal);

        var (jsonCode, json, jsonError) = CliRunner.Run("demo", "--dry-run", "--losses", "E", "--json", "--out", Path("demo"));
        Assert.True(jsonCode == 0, jsonError);
        using var plan = JsonDocument.Parse(json);
        var train = plan.RootElement.GetProperty("inputs")[0];
        Assert.Equal("TrainImages", train.GetProperty("setting").GetString());
        Assert.Equal("--train", train.GetProperty("option").GetString());
        Assert.True(train.GetProperty("folder").GetBoolean());
    }

    [Fact]
    public void DryRun_AWeightsFileThatCannotBeRead_IsAProblemNamingTheOption()
    {
        File.WriteAllText(Path("corrupt.pth"), "not a weights file");

        var (code, output, _) = CliRunner.Run("demo", "--dry-run", "--no-classifiers", "--vgg-weights", Path("corrupt.pth"), "--out", Path("demo"));

        Assert.Equal(2, code);
        Assert.Contains($"  - --vgg-weights: weights file '{Path("corrupt.pth")}' cannot be read: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_KeepsAGreyImageGrey_AndRefusesAlphaUnlessDropAlpha()
    {
        var (_, grey, rgba) = UpscaleInputs();

        var (code, _, error) = CliRunner.Run("resize", "--input", grey, "--out", Path("grey-x2.png"), "--scale", "2", "--json");
        Assert.True(code == 0, error);
        Assert.True(ImageIO.IsGrayscale(Path("grey-x2.png")));

        var (refused, _, message) = CliRunner.Run("resize", "--input", rgba, "--out", Path("rgba-x2.png"), "--scale", "2");
        Assert.Equal(2, refused);
        Assert.Contains("--drop-alpha", message, StringComparison.Ordinal);
        Assert.Single(message.Trim().Split('\n'));
        Assert.Equal(0, CliRunner.Run("resize", "--input", rgba, "--out", Path("rgba-x2.png"), "--scale", "2", "--drop-alpha", "--json").Code);
    }
}
