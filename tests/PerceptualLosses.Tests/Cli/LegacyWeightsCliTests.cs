using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PerceptualLosses.Tests.Models;
using PerceptualLosses.Tests.Study;
using Xunit;

namespace PerceptualLosses.Tests.Cli;

/// <summary>Every verb that takes weights accepts the legacy torch.save files PyTorch 1.13 wrote (tools/fixtures/legacy_weights_reference.py), and answers a bad one with one line and exit code 2.</summary>
[Collection(CliTests.Name)]
public sealed class LegacyWeightsCliTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-cli-legacy-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Vgg19 => ModelFixtures.PathOf("legacy_vgg19_w32.pth");

    private static string TestImage(string name) => Path.Combine(StudyPipelineTests.DataRoot(), "images", "test", name);

    private static (int Code, string Out, string Error) Run(params string[] args) => CliRunner.Run(args);

    private static void AssertOneLineError((int Code, string Out, string Error) result, string expected)
    {
        Assert.Equal(2, result.Code);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    private string Truncated()
    {
        var bytes = File.ReadAllBytes(Vgg19);
        string path = Path.Combine(root, "truncated.pth");
        File.WriteAllBytes(path, bytes.Take(bytes.Length / 2).ToArray());
        return path;
    }

    private string Empty()
    {
        string path = Path.Combine(root, "empty.pth");
        File.WriteAllBytes(path, Array.Empty<byte>());
        return path;
    }

    [Fact]
    public void Weights_Json_DescribesLegacyFiles()
    {
        var (code, output, error) = Run("weights", Vgg19, ModelFixtures.PathOf("legacy_robustness_resnet18_w2.pth"), ModelFixtures.PathOf("legacy_lpips_vgg_lin.pth"), "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var files = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal("legacy", files[0].GetProperty("format").GetString());
        Assert.Equal("TorchvisionVgg", files[0].GetProperty("layout").GetString());
        Assert.Equal(19, files[0].GetProperty("depth").GetInt32());
        Assert.Equal(1.0 / 32, files[0].GetProperty("width_multiplier").GetDouble());
        Assert.Equal(10, files[0].GetProperty("num_classes").GetInt32());
        Assert.Equal(38, files[0].GetProperty("tensors").GetInt32());
        using (var stream = File.OpenRead(Vgg19))
        {
            Assert.Equal(Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant(), files[0].GetProperty("sha256").GetString());
        }

        Assert.Equal("RobustnessCheckpoint", files[1].GetProperty("layout").GetString());
        Assert.Equal("a robustness checkpoint of a ResNet-18 at width 1/32 with 10 classes", files[1].GetProperty("architecture").GetString());
        Assert.Contains(files[1].GetProperty("ignored_entries").EnumerateArray(), e => e.GetString()!.StartsWith("optimizer", StringComparison.Ordinal));
        Assert.Equal("LpipsLin", files[2].GetProperty("layout").GetString());
        Assert.Equal("LPIPS lin (vgg)", files[2].GetProperty("family").GetString());
    }

    [Fact]
    public void Weights_ChecksTheHashDigitsOfTorchvisionStyleNames()
    {
        string sha;
        using (var stream = File.OpenRead(Vgg19))
        {
            sha = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        }

        string good = Path.Combine(root, $"vgg19-{sha[..8]}.pth");
        string bad = Path.Combine(root, "vgg19-dcbb9e9d.pth");
        File.Copy(Vgg19, good);
        File.Copy(Vgg19, bad);

        var (code, output, error) = Run("weights", good, bad, "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var files = json.RootElement.EnumerateArray().ToArray();
        Assert.Empty(files[0].GetProperty("warnings").EnumerateArray());
        Assert.Contains("match", files[0].GetProperty("known_file").GetString(), StringComparison.Ordinal);
        var warning = Assert.Single(files[1].GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("dcbb9e9d", warning, StringComparison.Ordinal);
        Assert.Contains("not the published vgg19-dcbb9e9d.pth", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_BadFiles_OneLineAndExit2()
    {
        AssertOneLineError(Run("weights", Empty()), "is empty");
        AssertOneLineError(Run("weights", Truncated()), "truncated");
        AssertOneLineError(Run("weights", ModelFixtures.PathOf("legacy_no_tensors.pth")), "holds no tensors");
    }

    [Fact]
    public void Loss_AcceptsALegacyVgg19_AndRejectsABadOne()
    {
        string blurred = Path.Combine(root, "blurred.png");
        Assert.Equal(0, Run("resize", "--input", TestImage("chelsea.png"), "--output", Path.Combine(root, "small.png"), "--scale", "0.25", "--json").Code);
        Assert.Equal(0, Run("resize", "--input", Path.Combine(root, "small.png"), "--output", blurred, "--scale", "4", "--json").Code);
        var (code, output, error) = Run("loss", "--spec", "P", "--vgg-weights", Vgg19, "--prediction", blurred, "--target", TestImage("chelsea.png"), "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("total").GetDouble() > 0);

        AssertOneLineError(Run("loss", "--spec", "P", "--vgg-weights", Truncated(), "--prediction", TestImage("chelsea.png"), "--target", TestImage("coffee.png")), "truncated");
        AssertOneLineError(Run("loss", "--spec", "P", "--vgg-weights", ModelFixtures.PathOf("legacy_lpips_vgg_lin.pth"), "--prediction", TestImage("chelsea.png"), "--target", TestImage("coffee.png")), "not a torchvision VGG");
    }

    [Fact]
    public void Metrics_LpipsWithLegacyTrunkAndLin()
    {
        var (code, output, error) = Run(
            "metrics", "--reference", TestImage("chelsea.png"), "--distorted", TestImage("chelsea.png"),
            "--vgg16-weights", ModelFixtures.PathOf("legacy_vgg16_w32.pth"), "--lpips-weights", ModelFixtures.PathOf("legacy_lpips_vgg16_w32_lin.pth"), "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0.0, json.RootElement.GetProperty("lpips").GetDouble(), 6);

        AssertOneLineError(
            Run("metrics", "--reference", TestImage("chelsea.png"), "--distorted", TestImage("chelsea.png"), "--vgg16-weights", ModelFixtures.PathOf("legacy_vgg16_w32.pth"), "--lpips-weights", Empty()),
            "is empty");
    }

    [Fact]
    public void NormalizeVgg_AcceptsALegacyVgg19()
    {
        string images = Path.Combine(StudyPipelineTests.DataRoot(), "images", "test");
        var (code, _, error) = Run("normalize-vgg", "--weights", Vgg19, "--images", images, "--max-images", "1", "--out", Path.Combine(root, "normalized.pth"), "--json");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(root, "normalized.pth")));

        AssertOneLineError(Run("normalize-vgg", "--weights", Truncated(), "--images", images, "--out", Path.Combine(root, "x.pth")), "truncated");
    }

    [Fact]
    public void TrainSr_AcceptsALegacyVgg19()
    {
        string train = Path.Combine(StudyPipelineTests.DataRoot(), "images", "train");
        string val = Path.Combine(root, "val");
        Directory.CreateDirectory(val);
        File.Copy(TestImage("chelsea.png"), Path.Combine(val, "chelsea.png"));
        var (code, _, error) = Run(
            "train-sr", "--train", train, "--val", val, "--loss", "P", "--vgg-weights", Vgg19, "--steps", "1", "--model", "tiny",
            "--patch", "32", "--batch", "1", "--validate-every", "1", "--checkpoint-every", "1", "--out", Path.Combine(root, "sr"), "--json");
        Assert.True(code == 0, error);

        AssertOneLineError(
            Run("train-sr", "--train", train, "--val", val, "--loss", "P", "--vgg-weights", Empty(), "--steps", "1", "--model", "tiny", "--out", Path.Combine(root, "sr2")),
            "is empty");
    }

    [Fact]
    public void Robustness_AcceptsALegacyRobustnessTrainCheckpoint()
    {
        string data = Path.Combine(StudyPipelineTests.DataRoot(), "fashion-mnist");
        string[] common = { "--arch", "resnet18", "--width", "0.03125", "--num-classes", "10", "--data", data, "--crop", "32", "--limit", "2", "--batch-size", "2", "--attack", "pgd50-targeted", "--json" };
        var (code, output, error) = Run(new[] { "robustness", "--model", ModelFixtures.PathOf("legacy_robustness_resnet18_w2.pth") }.Concat(common).ToArray());
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("examples").GetInt32());

        // The same checkpoint with the wrong width: one paragraph naming the width that fits.
        var wrong = Run("robustness", "--model", ModelFixtures.PathOf("legacy_robustness_resnet18_w2.pth"), "--arch", "resnet18", "--width", "0.0625", "--num-classes", "10", "--data", data, "--crop", "32", "--limit", "2");
        AssertOneLineError(wrong, "pass --width 0.03125");
    }

    [Fact]
    public void TrainLpips_AcceptsALegacyVgg16Trunk()
    {
        string set = Path.Combine(root, "2afc");
        foreach (string part in new[] { "ref", "p0", "p1", "judge" })
        {
            Directory.CreateDirectory(Path.Combine(set, part));
        }

        foreach (string part in new[] { "ref", "p0", "p1" })
        {
            File.Copy(TestImage("chelsea.png"), Path.Combine(set, part, "000.png"));
        }

        PerceptualLosses.Tests.Metrics.BappsFiles.WriteNpy(Path.Combine(set, "judge", "000.npy"), 0.25f);
        var (code, _, error) = Run(
            "train-lpips", "--data", set, "--vgg16-weights", ModelFixtures.PathOf("legacy_vgg16_w32.pth"), "--epochs", "1", "--decay-epochs", "0",
            "--batch-size", "1", "--out", Path.Combine(root, "lpips"), "--json");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(root, "lpips", "lin.pth")));

        AssertOneLineError(Run("train-lpips", "--data", set, "--vgg16-weights", Truncated(), "--out", Path.Combine(root, "lpips2")), "truncated");
    }

    [Fact]
    public void StudyDryRun_ShowsALineForEveryWeightsFile_AndReportsAnUnreadableOne()
    {
        var (code, output, error) = Run("demo", "--dry-run", "--vgg-weights", Vgg19, "--out", Path.Combine(root, "demo"), "--json");
        Assert.True(code == 0, error + output);
        using var json = JsonDocument.Parse(output);
        var weights = json.RootElement.GetProperty("weights").EnumerateArray().ToArray();
        Assert.Contains(weights, w => w.GetProperty("path").GetString() == Path.GetFullPath(Vgg19) && w.GetProperty("format").GetString() == "legacy");
        Assert.True(weights.Length >= 2); // the demo's robust VGG-19 and classifiers too

        var (text, plain, _) = Run("demo", "--dry-run", "--vgg-weights", Vgg19, "--out", Path.Combine(root, "demo"));
        Assert.Equal(0, text);
        Assert.Contains("legacy_vgg19_w32.pth: PyTorch legacy, a VGG-19 at width 1/32 with 10 classes; 38 tensors", plain, StringComparison.Ordinal);

        var (bad, badOutput, _) = Run("demo", "--dry-run", "--vgg-weights", Truncated(), "--out", Path.Combine(root, "demo"));
        Assert.Equal(2, bad);
        Assert.Contains("cannot be read", badOutput, StringComparison.Ordinal);
    }
}
