using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Tests.Study;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Cli;

/// <summary>The <c>perceptual</c> verbs' public contracts (JSON keys, exit codes, messages), run in-process.</summary>
[Collection(Name)]
public sealed class CliTests : IDisposable
{
    /// <summary>Console redirection is process-wide: these tests run one at a time.</summary>
    public const string Name = "Console-redirecting CLI tests";

    private readonly string root = Directory.CreateTempSubdirectory("pl-cli-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static (int Code, string Out, string Error) Run(params string[] args) => CliRunner.Run(args);

    private static string TestImage(string name) => Path.Combine(StudyPipelineTests.DataRoot(), "images", "test", name);

    private string Bicubic(string name)
    {
        string low = Path.Combine(root, "low-" + name), sr = Path.Combine(root, name);
        foreach (var (input, output, scale) in new[] { (TestImage(name), low, "0.25"), (low, sr, "4") })
        {
            var (code, _, error) = Run("resize", "--input", input, "--output", output, "--scale", scale, "--json");
            Assert.True(code == 0, error);
        }
        return sr;
    }

    [Fact]
    public void Metrics_Json_HasTheDocumentedKeys_WithTheLibrarysValues()
    {
        string distorted = Bicubic("coffee.png");

        var (code, output, error) = Run("metrics", "--reference", TestImage("coffee.png"), "--distorted", distorted, "--color", "y", "--shave", "4", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        foreach (string key in new[] { "psnr", "ssim", "uqi", "gmsd", "ifc" })
        {
            Assert.True(json.RootElement.TryGetProperty(key, out var value) && double.IsFinite(value.GetDouble()), $"key {key}");
        }

        Assert.False(json.RootElement.TryGetProperty("lpips", out _)); // only with weights
        using var scope = NewDisposeScope();
        var reference = ImageIO.Load(TestImage("coffee.png")).unsqueeze(0);
        var upscaled = ImageIO.Load(distorted).unsqueeze(0);
        var options = MetricOptions.SrPaperY(4);
        Assert.Equal(Psnr.Compute(upscaled, reference, options).item<double>(), json.RootElement.GetProperty("psnr").GetDouble(), 10);
        Assert.Equal(Ssim.Compute(upscaled, reference, options).item<double>(), json.RootElement.GetProperty("ssim").GetDouble(), 10);
    }

    /// <summary>
    /// <c>--protocol uint8</c> scores as compute_difference.m does on saved images (Y of rgb2ycbcr on uint8, rounded):
    /// equal to the Octave values of Fixtures/Metrics/protocol_reference.json; <c>--luma basicsr</c> keeps Y unrounded.
    /// </summary>
    [Fact]
    public void Metrics_Uint8Protocol_MatchesOctaveOnTheSavedImages()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Metrics");
        var pair = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "protocol_reference.json"))).RootElement.GetProperty("pairs")[0];
        string[] args = { "metrics", "--reference", Path.Combine(folder, pair.GetProperty("reference").GetString()!), "--distorted", Path.Combine(folder, pair.GetProperty("distorted").GetString()!), "--color", "y", "--shave", "4", "--json" };

        var (code, output, error) = Run(args.Concat(new[] { "--protocol", "uint8", "--precision", "exact" }).ToArray());
        var (fastCode, fastOutput, _) = Run(args.Concat(new[] { "--protocol", "uint8" }).ToArray());
        var (floatCode, floatOutput, _) = Run(args);

        Assert.True(code == 0 && floatCode == 0 && fastCode == 0, error);
        using var json = JsonDocument.Parse(output);
        using var fast = JsonDocument.Parse(fastOutput);
        Assert.Equal("uint8", json.RootElement.GetProperty("protocol").GetString());
        Assert.Equal("matlab", json.RootElement.GetProperty("luma").GetString());
        Assert.Equal("exact", json.RootElement.GetProperty("precision").GetString());
        Assert.Equal("fast", fast.RootElement.GetProperty("precision").GetString());
        foreach (string key in new[] { "psnr", "ssim", "uqi", "gmsd" })
        {
            double expected = pair.GetProperty(key + "_y8_shave4").GetDouble();
            Assert.Equal(expected, json.RootElement.GetProperty(key).GetDouble(), 9);
            Assert.True(Math.Abs(expected - fast.RootElement.GetProperty(key).GetDouble()) <= 1e-5, $"{key} under --precision fast");
        }

        Assert.NotEqual(json.RootElement.GetProperty("psnr").GetDouble(), JsonDocument.Parse(floatOutput).RootElement.GetProperty("psnr").GetDouble(), 6);
    }

    [Fact]
    public void Metrics_FolderMode_ListsUnmatchedNames_AndExits2()
    {
        string a = Path.Combine(root, "a"), b = Path.Combine(root, "b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        File.Copy(TestImage("coffee.png"), Path.Combine(a, "coffee.png"));
        File.Copy(TestImage("coffee.png"), Path.Combine(a, "only-here.png"));
        File.Copy(TestImage("coffee.png"), Path.Combine(b, "coffee.png"));

        var (code, _, error) = Run("metrics", "--reference", a, "--distorted", b, "--json");

        Assert.Equal(2, code);
        Assert.Contains("Only in --reference: [only-here.png]. Only in --distorted: [].", error, StringComparison.Ordinal); // the library names referenceFolder/distortedFolder
    }

    [Fact]
    public void Metrics_FolderMode_WritesOneCsvRowPerPairAndTheMean()
    {
        string a = Path.Combine(root, "ref"), b = Path.Combine(root, "sr"), csv = Path.Combine(root, "m.csv");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        foreach (string name in new[] { "coffee.png", "chelsea.png" })
        {
            File.Copy(TestImage(name), Path.Combine(a, name));
            File.Copy(Bicubic(name), Path.Combine(b, name));
        }

        var (code, output, error) = Run("metrics", "--reference", a, "--distorted", b, "--csv", csv, "--json");

        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("file,psnr,ssim,uqi,gmsd,ifc", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Count(l => l.StartsWith('c')));
        Assert.Contains(lines, l => l.StartsWith("mean", StringComparison.Ordinal));
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("pairs").GetInt32());
    }

    [Fact]
    public void Loss_Json_PrintsTotalAndTerms()
    {
        string distorted = Bicubic("chelsea.png");

        var (code, output, error) = Run("loss", "--spec", "E", "--prediction", distorted, "--target", TestImage("chelsea.png"), "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        using var scope = NewDisposeScope();
        double mse = nn.functional.mse_loss(ImageIO.Load(distorted), ImageIO.Load(TestImage("chelsea.png"))).item<float>();
        Assert.Equal(mse, json.RootElement.GetProperty("total").GetDouble(), 6);
    }

    /// <summary>
    /// All six short names in both layer readings equal their definition computed in PyTorch 1.13
    /// (tools/fixtures/losses_reference.py, <c>cli_presets</c>): T on the rectified relu1_1, relu2_1, relu3_1 maps.
    /// </summary>
    [Theory]
    [InlineData("enhancenet", "E")]
    [InlineData("enhancenet", "EP")]
    [InlineData("enhancenet", "EPT")]
    [InlineData("enhancenet", "ET")]
    [InlineData("enhancenet", "P")]
    [InlineData("enhancenet", "PT")]
    [InlineData("literal", "E")]
    [InlineData("literal", "EP")]
    [InlineData("literal", "EPT")]
    [InlineData("literal", "ET")]
    [InlineData("literal", "P")]
    [InlineData("literal", "PT")]
    public void Loss_ShortNames_EqualTheRectifiedLayerDefinitionInPyTorch(string reading, string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Losses");
        double expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json"))).RootElement
            .GetProperty("cli_presets").GetProperty($"{reading}/{name}").GetDouble();

        var (code, output, error) = Run(
            "loss", "--spec", name, "--layers", reading, "--vgg-weights", Path.Combine(folder, "vgg19_w8.pth"),
            "--prediction", Path.Combine(folder, "cli_prediction.png"), "--target", Path.Combine(folder, "cli_target.png"), "--json");

        Assert.True(code == 0, error);
        double total = JsonDocument.Parse(output).RootElement.GetProperty("total").GetDouble();
        Assert.True(Math.Abs(total - expected) <= 1e-4 * Math.Abs(expected), $"{reading}/{name}: {total} vs PyTorch {expected}");
    }

    [Fact]
    public void StudyDryRun_OfThePaperPreset_ListsEveryStage_AndFailsOnMissingPaths()
    {
        var (code, output, _) = Run("study", "--preset", "paper", "--data-root", Path.Combine(root, "nowhere"), "--dry-run", "--json");

        Assert.Equal(2, code);
        using var json = JsonDocument.Parse(output);
        var stages = json.RootElement.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(new StudyPlan(StudyPresets.Paper(Path.Combine(root, "nowhere"))).Stages.Count, stages.Length);
        Assert.Contains(stages, s => s.GetProperty("name").GetString() == "models/PT-robust-seed2");
        Assert.NotEmpty(json.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(100_000, json.RootElement.GetProperty("configuration").GetProperty("Steps").GetInt32());
    }

    [Fact]
    public void DemoDryRun_PassesOnTheEmbeddedData()
    {
        var (code, output, _) = Run("demo", "--dry-run", "--out", Path.Combine(root, "demo"));
        Assert.Equal(0, code);
        Assert.Contains("All paths check out.", output, StringComparison.Ordinal);

        // --data, the demo's earlier option name, still names the data folder.
        var (aliasCode, aliasOutput, _) = Run("demo", "--data", StudyPipelineTests.DataRoot(), "--dry-run", "--out", Path.Combine(root, "demo"));
        Assert.Equal(0, aliasCode);
        Assert.Contains("All paths check out.", aliasOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shard", "5/4", "out of range")]
    [InlineData("--device", "cuda", "CUDA is not available")]
    [InlineData("--losses", "E,E+*P(pool2)", "not a loss spec")]
    public void Demo_RejectsBadInput_WithAMessage(string option, string value, string message)
    {
        var (code, _, error) = Run("demo", option, value, "--out", Path.Combine(root, "bad"));
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_Json_ReportsVersionsAndTheNativeLoadPath()
    {
        var (code, output, error) = Run("info", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        foreach (string key in new[] { "torchsharp", "libtorch", "threads", "native_load_mode", "cuda_available" })
        {
            Assert.True(json.RootElement.TryGetProperty(key, out _), key);
        }
    }
}
