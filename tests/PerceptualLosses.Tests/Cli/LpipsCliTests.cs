using System;
using System.IO;
using System.Text.Json;
using PerceptualLosses.Tests.Metrics;
using Xunit;

namespace PerceptualLosses.Tests.Cli;

/// <summary><c>perceptual metrics --lpips-net/--lpips-weights/--lpips-trunk-weights</c> with the official lin files, in-process.</summary>
[Collection(CliTests.Name)]
public sealed class LpipsCliTests : IClassFixture<OfficialLpipsFixture>, IDisposable
{
    private readonly OfficialLpipsFixture fixture;
    private readonly string root = Directory.CreateTempSubdirectory("pl-lpips-cli-").FullName;

    public LpipsCliTests(OfficialLpipsFixture fixture) => this.fixture = fixture;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// The example image upscaled 2x by pixel repetition (exact in 8 bits): metrics also runs IFC, which needs 72x72
    /// pixels, and the examples are 64x64. The reference has the distances of the same upscaled images.
    /// </summary>
    private string Upscaled(string name)
    {
        string path = Path.Combine(root, name);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var image = OfficialLpipsFixture.Image(name)[0].repeat_interleave(2, dim: 1).repeat_interleave(2, dim: 2);
        PerceptualLosses.Imaging.ImageIO.Save(image, path);
        return path;
    }

    private static string Example(string name) => Path.Combine(OfficialLpipsFixture.Folder, name);

    private static (int Code, string Out, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("alex", "--lpips-trunk-weights", "ex_p0.png", "d_ref_p0_nearest_x2")]
    [InlineData("squeeze", "--lpips-trunk-weights", "ex_p1.png", "d_ref_p1_nearest_x2")]
    [InlineData("vgg", "--vgg16-weights", "ex_p1.png", "d_ref_p1_nearest_x2")]
    public void Metrics_LpipsNet_WithTheOfficialLinFile_GivesTheLpipsPackagesValue(string net, string trunkOption, string distorted, string key)
    {
        var (code, output, error) = Run(
            "metrics", "--reference", Upscaled("ex_ref.png"), "--distorted", Upscaled(distorted),
            "--lpips-net", net, "--lpips-weights", OfficialLpipsFixture.Lin(net), trunkOption, fixture.Trunk(net), "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        double expected = fixture.Net(net).GetProperty(key).GetDouble();
        Assert.InRange(Math.Abs(json.RootElement.GetProperty("lpips").GetDouble() - expected), 0, 1e-4);
    }

    [Fact]
    public void Metrics_AnotherNetsLinFile_IsOneLineNamingTheOption_Exit2()
    {
        var (code, _, error) = Run(
            "metrics", "--reference", Example("ex_ref.png"), "--distorted", Example("ex_p0.png"),
            "--lpips-weights", OfficialLpipsFixture.Lin("alex"), "--vgg16-weights", fixture.Trunk("vgg"), "--json");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("--lpips-weights: '", error, StringComparison.Ordinal);
        Assert.Contains("holds LPIPS v0.1 lin layers for the alex trunk (channels 64, 192, 384, 256, 256), but this LPIPS (net 'vgg') needs LPIPS v0.1 lin layers for the vgg trunk", error, StringComparison.Ordinal);
        Assert.Contains("with --lpips-net", error, StringComparison.Ordinal);
        Assert.DoesNotContain("linWeights", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_AnotherNetsTrunk_IsOneLineNamingTheOption_Exit2()
    {
        var (code, _, error) = Run(
            "metrics", "--reference", Example("ex_ref.png"), "--distorted", Example("ex_p0.png"),
            "--lpips-net", "alex", "--lpips-weights", OfficialLpipsFixture.Lin("alex"), "--lpips-trunk-weights", fixture.Trunk("vgg"), "--json");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("--lpips-trunk-weights: '", error, StringComparison.Ordinal);
        Assert.Contains("holds a VGG-16 at full width, features only, but LPIPS net 'alex' needs a torchvision AlexNet", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("needs --lpips-trunk-weights", "--lpips-net", "squeeze", "--lpips-weights", "squeeze.pth")]
    [InlineData("--lpips-net must be one of alex, vgg, squeeze; got 'resnet'", "--lpips-net", "resnet", "--lpips-weights", "alex.pth")]
    [InlineData("--lpips-net needs --lpips-weights", "--lpips-net", "alex")]
    [InlineData("--lpips-weights '", "--lpips-net", "alex", "--lpips-weights", "missing.pth", "--lpips-trunk-weights", "alex.pth")]
    public void Metrics_IncompleteLpipsOptions_AreOneLine_Exit2(string message, params string[] options)
    {
        var args = new System.Collections.Generic.List<string> { "metrics", "--reference", Example("ex_ref.png"), "--distorted", Example("ex_p0.png"), "--json" };
        for (int i = 0; i < options.Length; i++)
        {
            args.Add(options[i].EndsWith(".pth", StringComparison.Ordinal) ? Path.Combine(OfficialLpipsFixture.Folder, options[i]) : options[i]);
        }

        var (code, _, error) = Run(args.ToArray());

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
