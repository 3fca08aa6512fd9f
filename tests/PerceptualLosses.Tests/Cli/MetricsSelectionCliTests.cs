using System;
using System.IO;
using System.Text.Json;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Tests.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Cli;

/// <summary><c>perceptual metrics --metrics</c>: size minimums are those of the listed metrics only.</summary>
[Collection(CliTests.Name)]
public sealed class MetricsSelectionCliTests
{
    // 64x64: large enough for PSNR and SSIM, too small for IFC (72x72).
    private static string Example(string name) => Path.Combine(OfficialLpipsFixture.Folder, name);

    [Fact]
    public void Metrics_ListingPsnrAndSsim_Scores64x64Images_WithTheLibrarysValues()
    {
        var (code, output, error) = CliRunner.Run("metrics", "--reference", Example("ex_ref.png"), "--distorted", Example("ex_p0.png"), "--metrics", "ssim,psnr", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.TryGetProperty("ifc", out _));
        using var scope = NewDisposeScope();
        var target = ImageIO.Load(Example("ex_ref.png")).unsqueeze(0);
        var prediction = ImageIO.Load(Example("ex_p0.png")).unsqueeze(0);
        Assert.Equal(Psnr.Compute(prediction, target).item<double>(), json.RootElement.GetProperty("psnr").GetDouble(), 12);
        Assert.Equal(Ssim.Compute(prediction, target).item<double>(), json.RootElement.GetProperty("ssim").GetDouble(), 12);
    }

    [Fact]
    public void Metrics_AllFive_On64x64Images_NamesIfcsMinimum_Exit2()
    {
        var (code, _, error) = CliRunner.Run("metrics", "--reference", Example("ex_ref.png"), "--distorted", Example("ex_p0.png"), "--json");

        Assert.Equal(2, code);
        Assert.Contains("ifc needs images of at least 72x72 pixels", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metrics must be a comma-separated list of distinct names from: psnr, ssim, uqi, gmsd, ifc, lpips, rlpips; got 'psnr,fsim'", "psnr,fsim")]
    [InlineData("--metrics must be a comma-separated list", "psnr,psnr")]
    [InlineData("--metrics lists lpips, which needs --lpips-weights", "psnr,lpips")]
    public void Metrics_BadMetricList_IsOneLine_Exit2(string message, string list)
    {
        var (code, _, error) = CliRunner.Run("metrics", "--reference", Example("ex_ref.png"), "--distorted", Example("ex_p0.png"), "--metrics", list, "--json");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
