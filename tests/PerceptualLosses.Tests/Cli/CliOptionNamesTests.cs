using System;
using System.IO;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Tests.Study;
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

    [Fact]
    public void StudyPlanProblems_NameTheOptions_InTheDryRunAndWhenRun()
    {
        string nowhere = Path.Combine(root, "nowhere");
        var (code, output, _) = CliRunner.Run("demo", "--dry-run", "--train", nowhere, "--out", Path.Combine(root, "demo"));
        Assert.Equal(2, code);
        Assert.Contains($"  - --train: stage 2 (training) needs the training images (MS-COCO train2017 in the paper): '{nowhere}' is not a folder.", output, StringComparison.Ordinal);

        var (runCode, _, error) = CliRunner.Run("demo", "--train", nowhere, "--out", Path.Combine(root, "demo"));
        Assert.Equal(2, runCode);
        Assert.Contains($"  - --train: stage 2 (training) needs the training images", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TrainImages", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seeds", "0,x", "perceptual demo: --seeds: 'x' is not an integer.")]
    [InlineData("--lpips-weights", "lin.pth", "perceptual demo: --lpips-weights/--rlpips-weights need --vgg16-weights (the torchvision VGG-16 trunk).")]
    [InlineData("--classifier-weights", "alexnet=a.pth", "perceptual demo: --classifier-weights: no classifier 'alexnet'; this configuration has vgg19, vgg19-robust, resnet50, resnet50-robust.")]
    public void StudyOverrides_NameTheOptions(string option, string value, string message)
    {
        var (code, _, error) = CliRunner.Run("demo", "--dry-run", option, value, "--out", Path.Combine(root, "demo"));
        Assert.Equal(2, code);
        Assert.Equal(message, error.TrimEnd());
    }

    [Fact]
    public void Study_OutputFolderOfAnotherConfiguration_NamesOutAndForce()
    {
        string config = Path.Combine(root, "study.json");
        File.WriteAllText(config, StageStore.Serialize(StudyPipelineTests.Reduced() with { Classifiers = null, Normalization = null, Losses = new[] { "E" }, Steps = 2 }));
        string output = Path.Combine(root, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, StageStore.ConfigurationFile), "{}");

        var (code, _, error) = CliRunner.Run("study", "--config", config, "--out", output);

        Assert.Equal(2, code);
        Assert.Contains("Use another --out folder, or --force to delete them.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OfFoldersWithoutAConfiguration_NamesFrom()
    {
        string output = Path.Combine(root, "empty");
        Directory.CreateDirectory(output);
        var (code, _, error) = CliRunner.Run("merge", "--out", output);
        Assert.Equal(2, code);
        Assert.Contains($"neither '{output}' nor any --from folder holds a configuration.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Study_ConfigFileWithAnotherEnumName_NamesTheKeyAndItsNames()
    {
        string config = Path.Combine(root, "bad.json");
        File.WriteAllText(config, """{ "Model": "Tiny" }""");
        var (code, _, error) = CliRunner.Run("demo", "--dry-run", "--config", config, "--out", Path.Combine(root, "demo"));
        Assert.Equal(2, code);
        Assert.Contains("Model must be one of paper, tiny; got 'Tiny'.", error, StringComparison.Ordinal);
        Assert.Contains("--config", error, StringComparison.Ordinal);
    }
}
