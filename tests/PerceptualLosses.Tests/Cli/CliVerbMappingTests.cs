using System;
using System.IO;
using System.Text.Json;
using PerceptualLosses.Imaging;
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
}
