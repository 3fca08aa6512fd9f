using System;
using System.IO;
using Xunit;

namespace PerceptualLosses.Tests.Cli;

/// <summary>The libraries name settings and files; the CLI reports them with its option names.</summary>
[Collection(CliTests.Name)]
public sealed class CliOptionNamesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-cli-names-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void TrainSr_APTermWithoutVggWeights_NamesTheOption()
    {
        var (code, _, error) = CliRunner.Run("train-sr", "--train", root, "--val", root, "--loss", "EP", "--steps", "1", "--out", Path.Combine(root, "out"));
        Assert.Equal(2, code);
        Assert.StartsWith("perceptual train-sr: --vgg-weights is required: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Robustness_WeightsWithoutTheirSidecar_NameTheOptionAndTheFileToGive()
    {
        string weights = Path.Combine(root, "model.bin");
        File.WriteAllText(weights, "weights");
        var (code, _, error) = CliRunner.Run("robustness", "--model", weights, "--data", root);
        Assert.Equal(2, code);
        Assert.Contains("--model:", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(root, "architecture.json"), error, StringComparison.Ordinal);
        Assert.Contains("--arch", error, StringComparison.Ordinal);
    }
}
