using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary><see cref="MetricSuite.ScoreFiles"/>: a pair of files checked (grey against RGB, sizes, shave) and scored as <see cref="MetricSuite.Score"/>.</summary>
public sealed class MetricSuiteFilesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-suite-files-").FullName;
    private readonly string rgb, rgb2, grey, small;

    public MetricSuiteFilesTests()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        rgb = Save("rgb.png", rand(new long[] { 3, 32, 32 }, generator: generator));
        rgb2 = Save("rgb2.png", rand(new long[] { 3, 32, 32 }, generator: generator));
        grey = Save("grey.png", rand(new long[] { 1, 32, 32 }, generator: generator));
        small = Save("small.png", rand(new long[] { 3, 16, 16 }, generator: generator));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Save(string name, Tensor image)
    {
        string path = Path.Combine(root, name);
        ImageIO.Save(image, path);
        return path;
    }

    private static MetricSuite Suite(MetricOptions options) => new(options, SuiteMetric.FullReference.Where(m => m.Name is "psnr" or "ssim"));

    [Fact]
    public void ScoreFiles_EqualsScore_OnTheFilesAsRead()
    {
        var suite = Suite(MetricOptions.Default with { Shave = 2 });
        using var scope = NewDisposeScope();
        var fromFiles = suite.ScoreFiles(rgb2, rgb);
        var direct = suite.Score(ImageIO.Load(rgb2).unsqueeze(0), ImageIO.Load(rgb).unsqueeze(0)); // DataRange 1

        Assert.Equal(direct.Select(s => s.Values.item<double>()), fromFiles.Select(s => s.Values.item<double>()));
    }

    [Fact]
    public void ScoreFiles_RefusesGreyAgainstRgb_UnlessColorIsGray_AndImagesOfAnotherSize()
    {
        var suite = Suite(MetricOptions.Default);
        var mixed = Assert.Throws<ArgumentException>(() => suite.ScoreFiles(rgb, grey));
        Assert.Equal("referenceFile", mixed.ParamName);
        Assert.StartsWith($"referenceFile '{grey}' is a grey image but distortedFile '{rgb}' is RGB", mixed.Message, StringComparison.Ordinal);

        // Under Color gray a grey file is compared with an RGB file of equal R, G and B; this RGB file has none.
        var notGrey = Assert.Throws<ArgumentException>(() => Suite(MetricOptions.Default with { Color = ColorMode.Gray }).ScoreFiles(rgb, grey));
        Assert.Equal("distortedFile", notGrey.ParamName);
        Assert.Contains("Color gray needs a grey image", notGrey.Message, StringComparison.Ordinal);

        var size = Assert.Throws<ArgumentException>(() => suite.ScoreFiles(small, rgb));
        Assert.Equal("distortedFile", size.ParamName);
        Assert.Contains("is 32x32 but distortedFile", size.Message, StringComparison.Ordinal);

        var shave = Assert.Throws<ArgumentException>(() => Suite(MetricOptions.Default with { Shave = 16 }).ScoreFiles(rgb2, rgb));
        Assert.StartsWith("Shave 16 removes the whole of the 32x32 image", shave.Message, StringComparison.Ordinal);
    }
}
