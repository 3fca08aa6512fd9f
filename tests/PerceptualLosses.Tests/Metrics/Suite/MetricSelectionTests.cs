using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// <see cref="MetricSelection"/>: the metric names and learned-metric files a user gives, checked once (messages name
/// the properties and record them) and made into a suite that scores as the metrics themselves and the lpips package do.
/// </summary>
public sealed class MetricSelectionTests : IClassFixture<OfficialLpipsFixture>, IDisposable
{
    private readonly OfficialLpipsFixture fixture;
    private readonly string root = Directory.CreateTempSubdirectory("pl-selection-").FullName;

    public MetricSelectionTests(OfficialLpipsFixture fixture) => this.fixture = fixture;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ParseNames_ReadsAnyCaseAndSpaces_InTheOrderGiven()
    {
        Assert.Equal(new[] { "ifc", "psnr", "lpips" }, MetricSelection.ParseNames(" IFC, psnr ,LPIPS"));
    }

    [Theory]
    [InlineData("psnr,fsim")]
    [InlineData("psnr,psnr")]
    [InlineData(" , ")]
    public void ParseNames_RefusesUnknownRepeatedOrNoName_NamingMetrics(string list)
    {
        var error = Assert.Throws<ArgumentException>(() => MetricSelection.ParseNames(list));
        Assert.Equal("Metrics", error.ParamName);
        Assert.StartsWith($"Metrics must be a comma-separated list of distinct names from: psnr, ssim, uqi, gmsd, ifc, lpips, rlpips; got '{list}'.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Metrics", NamedSettings.Named(error));
    }

    [Fact]
    public void Resolved_IsTheFullReferenceOnes_PlusTheLearnedOnesWhoseWeightsAreGiven()
    {
        Assert.Equal(new[] { "psnr", "ssim", "uqi", "gmsd", "ifc" }, new MetricSelection().Resolved());
        var lin = OfficialLpipsFixture.Lin("vgg");
        Assert.Equal(new[] { "psnr", "ssim", "uqi", "gmsd", "ifc", "lpips", "rlpips" }, new MetricSelection { LpipsWeights = lin, RobustLpipsWeights = lin, Vgg16Weights = lin }.Resolved());
        Assert.Equal(new[] { "lpips", "psnr" }, new MetricSelection { Metrics = new[] { "lpips", "psnr" }, LpipsWeights = lin, Vgg16Weights = lin }.Resolved());
    }

    [Theory]
    [InlineData("LpipsWeights", "Metrics lists lpips, which needs LpipsWeights.", "lpips", null, null, null, null)]
    [InlineData("LpipsWeights", "LpipsWeights is given but Metrics does not list lpips; add it or drop LpipsWeights.", "psnr", "vgg.pth", null, "vgg.pth", null)]
    [InlineData("RobustLpipsWeights", "Metrics lists rlpips, which needs RobustLpipsWeights.", "psnr,rlpips", null, null, "vgg.pth", null)]
    [InlineData("LpipsNet", "LpipsNet needs LpipsWeights (the lin weights of that net).", null, null, "alex", null, null)]
    [InlineData("LpipsTrunkWeights", "LpipsWeights with LpipsNet alex needs LpipsTrunkWeights (torchvision alexnet-owt-7be5be79.pth, the LPIPS trunk).", null, "alex.pth", "alex", "vgg.pth", null)]
    [InlineData("Vgg16Weights", "RobustLpipsWeights needs Vgg16Weights (torchvision VGG-16, the R-LPIPS trunk).", null, null, null, null, "vgg.pth")]
    public void Validate_RefusesWhatMakesNoSuite_NamingTheProperties(string parameter, string message, string? metrics, string? lin, string? net, string? vgg16, string? robustLin)
    {
        var selection = new MetricSelection
        {
            Metrics = metrics is null ? null : MetricSelection.ParseNames(metrics),
            LpipsWeights = File(lin),
            LpipsNet = net is null ? null : MetricSettingNames.LpipsNet.Parse(net),
            Vgg16Weights = File(vgg16),
            RobustLpipsWeights = File(robustLin),
        };

        var error = Assert.Throws<ArgumentException>(selection.Validate);
        Assert.Equal(parameter, error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        // Every property the message names is recorded, so a front end can rename it.
        foreach (string named in new[] { "Metrics", "LpipsWeights", "LpipsNet", "LpipsTrunkWeights", "Vgg16Weights", "RobustLpipsWeights" }.Where(p => System.Text.RegularExpressions.Regex.IsMatch(message, $@"(?<!\w){p}(?!\w)")))
        {
            Assert.Contains(named, NamedSettings.Named(error));
        }
    }

    [Fact]
    public void Validate_AMissingWeightFile_NamesTheProperty()
    {
        string missing = Path.Combine(root, "missing.pth");
        var error = Assert.Throws<FileNotFoundException>(new MetricSelection { LpipsWeights = OfficialLpipsFixture.Lin("vgg"), Vgg16Weights = missing }.Validate);
        Assert.StartsWith($"Vgg16Weights: file '{missing}' does not exist.", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Vgg16Weights" }, NamedSettings.Named(error));
    }

    [Fact]
    public void CreateSuite_ScoresLpipsAsTheLpipsPackage_AndTheFullReferenceOnesAsTheMetrics()
    {
        string reference = Upscaled("ex_ref.png"), distorted = Upscaled("ex_p0.png");
        var options = MetricOptions.Default;
        using var suite = new MetricSelection { Metrics = new[] { "lpips", "psnr", "ssim" }, LpipsNet = LpipsNet.Alex, LpipsWeights = OfficialLpipsFixture.Lin("alex"), LpipsTrunkWeights = fixture.Trunk("alex") }.CreateSuite(options);

        var pair = suite.ScorePair(distorted, reference);

        Assert.Equal(new[] { "lpips", "psnr", "ssim" }, suite.Metrics.Select(m => m.Name));
        Assert.InRange(Math.Abs(pair.Values[0] - fixture.Net("alex").GetProperty("d_ref_p0_nearest_x2").GetDouble()), 0, 1e-4);
        using var scope = NewDisposeScope();
        var x = ImageIO.Load(distorted).unsqueeze(0);
        var y = ImageIO.Load(reference).unsqueeze(0);
        Assert.Equal(Psnr.Compute(x, y, options).item<double>(), pair.Values[1]);
        Assert.Equal(Ssim.Compute(x, y, options).item<double>(), pair.Values[2], 12);
    }

    [Fact]
    public void CreateSuite_ALinFileOfAnotherNet_NamesThePropertyAndTheNetSetting()
    {
        var selection = new MetricSelection { LpipsWeights = OfficialLpipsFixture.Lin("alex"), Vgg16Weights = fixture.Trunk("vgg") };

        var error = Assert.Throws<ArgumentException>(() => selection.CreateSuite(MetricOptions.Default));

        Assert.Equal("LpipsWeights", error.ParamName);
        Assert.StartsWith("LpipsWeights: '", error.Message, StringComparison.Ordinal);
        Assert.Contains("or choose the net the file is for with LpipsNet", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("linWeights", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "LpipsWeights", "LpipsNet" }, NamedSettings.Named(error));
    }

    [Fact]
    public void ScoreFolders_ScoresEachPairAsScorePair_WithMeansAndARoundTripCsv()
    {
        string references = Directory.CreateDirectory(Path.Combine(root, "ref")).FullName, distorted = Directory.CreateDirectory(Path.Combine(root, "dist")).FullName;
        using (var scope = NewDisposeScope())
        {
            using var generator = new Generator(3);
            foreach (string name in new[] { "b.png", "a,1.png" })
            {
                var image = rand(new long[] { 3, 24, 24 }, generator: generator);
                ImageIO.Save(image, Path.Combine(references, name));
                ImageIO.Save((image * 0.9).add(0.05), Path.Combine(distorted, name));
            }
        }

        using var suite = new MetricSelection { Metrics = new[] { "psnr", "gmsd" } }.CreateSuite(MetricOptions.Default);
        int calls = 0;
        var scores = suite.ScoreFolders(distorted, references, progress: (done, _) => Assert.Equal(++calls, done));

        Assert.Equal(2, calls);
        Assert.Equal(new[] { "a,1.png", "b.png" }, scores.Pairs.Select(p => p.File));
        var a = suite.ScorePair(Path.Combine(distorted, "a,1.png"), Path.Combine(references, "a,1.png"));
        var b = suite.ScorePair(Path.Combine(distorted, "b.png"), Path.Combine(references, "b.png"));
        Assert.Equal(a.Values, scores.Pairs[0].Values);
        Assert.Equal((a.Values[0] + b.Values[0]) / 2, scores.Means[0], 14);
        string[] lines = scores.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("file,psnr,gmsd", lines[0]);
        Assert.StartsWith("\"a,1.png\",", lines[1], StringComparison.Ordinal);
        Assert.Equal(b.Values[1], double.Parse(lines[2].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("mean,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreFiles_RefusesAnAlphaChannel_UnlessDropAlpha_ThenScoresTheColourValues()
    {
        string rgba = Path.Combine(root, "rgba.png"), plain = Path.Combine(root, "plain.png"), other = Path.Combine(root, "other.png");
        var random = new Random(9);
        using (var withAlpha = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(20, 20))
        using (var without = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(20, 20))
        using (var different = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(20, 20))
        {
            for (int y = 0; y < 20; y++)
            {
                for (int x = 0; x < 20; x++)
                {
                    byte r = (byte)random.Next(256), g = (byte)random.Next(256), b = (byte)random.Next(256);
                    withAlpha[x, y] = new(r, g, b, (byte)random.Next(256));
                    without[x, y] = new(r, g, b);
                    different[x, y] = new((byte)random.Next(256), g, b);
                }
            }

            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(withAlpha, rgba);
            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(without, plain);
            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(different, other);
        }

        using var suite = new MetricSelection { Metrics = new[] { "psnr" } }.CreateSuite(MetricOptions.Default);

        var error = Assert.Throws<InvalidDataException>(() => suite.ScorePair(rgba, other));
        Assert.Contains(rgba, error.Message, StringComparison.Ordinal);
        Assert.Contains("alpha", error.Message, StringComparison.Ordinal);

        double expected = suite.ScorePair(plain, other).Values[0];
        Assert.True(double.IsFinite(expected));
        Assert.Equal(expected, suite.ScorePair(rgba, other, dropAlpha: true).Values[0]);
    }

    private static string? File(string? name) => name is null ? null : Path.Combine(OfficialLpipsFixture.Folder, name);

    /// <summary>The example upscaled 2x by pixel repetition, as in the reference (d_ref_*_nearest_x2).</summary>
    private string Upscaled(string name)
    {
        string path = Path.Combine(root, name);
        using var scope = NewDisposeScope();
        ImageIO.Save(OfficialLpipsFixture.Image(name)[0].repeat_interleave(2, dim: 1).repeat_interleave(2, dim: 2), path);
        return path;
    }
}
