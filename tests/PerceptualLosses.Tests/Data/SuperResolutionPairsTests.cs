using System;
using System.IO;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Data;

public sealed class SuperResolutionPairsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-pairs-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Load_GeneratesLowResolutionWithMatlabBicubicAfterModcrop()
    {
        using var scope = NewDisposeScope();
        string hrPath = DataTestImages.Write(root, "hr/bird.png", 18, 22, 1);
        var pairs = new SuperResolutionPairs(Path.Combine(root, "hr"), 4);

        var (lr, hr) = pairs.Load(0);

        Assert.Equal(new long[] { 3, 16, 20 }, hr.shape);
        Assert.Equal(new long[] { 3, 4, 5 }, lr.shape);
        var expected = MatlabResize.Imresize(SuperResolutionCrop.ToMultipleOf(ImageIO.Load(hrPath), 4), 0.25);
        Assert.True(lr.allclose(expected));
        Assert.Equal(new[] { "bird" }, pairs.Names);
    }

    [Fact]
    public void Load_RefusesNonMultipleSizes_WhenAskedTo()
    {
        DataTestImages.Write(root, "hr/odd.png", 18, 20, 1);
        var pairs = new SuperResolutionPairs(Path.Combine(root, "hr"), 4, SuperResolutionPairsOptions.Generated with { NonMultiple = NonMultipleSize.Error });
        var error = Assert.Throws<ArgumentException>(() => pairs.Load(0));
        Assert.Contains("18x20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ListsUnmatchedNamesOnBothSides()
    {
        DataTestImages.Write(root, "hr/a.png", 8, 8, 1);
        DataTestImages.Write(root, "hr/b.png", 8, 8, 2);
        DataTestImages.Write(root, "lr/a.png", 2, 2, 3);
        DataTestImages.Write(root, "lr/c.png", 2, 2, 4);
        var error = Assert.Throws<ArgumentException>(() => new SuperResolutionPairs(Path.Combine(root, "hr"), 4, new SuperResolutionPairsOptions(LowResolutionFolder: Path.Combine(root, "lr"))));
        Assert.Contains("HR without LR: [b]", error.Message, StringComparison.Ordinal);
        Assert.Contains("LR without HR: [c]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HuangLayout_MatchesHrAndLrSuffixesInOneFolder()
    {
        using var scope = NewDisposeScope();
        string folder = Path.Combine(root, "Set5", "image_SRF_4");
        DataTestImages.Write(folder, "img_001_SRF_4_HR.png", 8, 12, 1);
        DataTestImages.Write(folder, "img_001_SRF_4_LR.png", 2, 3, 2);
        var pairs = new SuperResolutionPairs(folder, 4, SuperResolutionPairsOptions.HuangLayout(folder));
        Assert.Equal(new[] { "img_001_SRF_4" }, pairs.Names);
        Assert.Equal(new long[] { 3, 2, 3 }, pairs.Load(0).LowResolution.shape);
    }

    [Fact]
    public void GivenLowResolutionFolder_IsMatchedByName_AndLoadedAsIs()
    {
        using var scope = NewDisposeScope();
        DataTestImages.Write(root, "hr/b.png", 8, 12, 1);
        DataTestImages.Write(root, "hr/a.png", 8, 8, 2);
        string lrB = DataTestImages.Write(root, "lr/b.png", 2, 3, 3);
        string lrA = DataTestImages.Write(root, "lr/a.png", 2, 2, 4);

        var pairs = new SuperResolutionPairs(Path.Combine(root, "hr"), 4, new SuperResolutionPairsOptions(LowResolutionFolder: Path.Combine(root, "lr")));

        Assert.Equal(new[] { "a", "b" }, pairs.Names);
        for (int i = 0; i < 2; i++)
        {
            var (lr, hr) = pairs.Load(i);
            Assert.True(lr.allclose(ImageIO.Load(i == 0 ? lrA : lrB), 0, 0), "the given LR file, not a resized HR");
            Assert.Equal(new[] { lr.shape[1] * 4, lr.shape[2] * 4 }, new[] { hr.shape[1], hr.shape[2] });
        }
    }

    [Fact]
    public void Detect_RecognisesTheHuangRelease_AndPlainHrFolders()
    {
        string huang = Path.Combine(root, "Set5", "image_SRF_4");
        DataTestImages.Write(huang, "img_001_SRF_4_HR.png", 8, 12, 1);
        DataTestImages.Write(huang, "img_001_SRF_4_LR.png", 2, 3, 2);
        DataTestImages.Write(root, "plain/baby.png", 8, 8, 3);

        Assert.Equal(SuperResolutionPairsOptions.HuangLayout(huang), SuperResolutionPairsOptions.Detect(huang));
        Assert.Equal(SuperResolutionPairsOptions.Generated, SuperResolutionPairsOptions.Detect(Path.Combine(root, "plain")));
        Assert.Single(new SuperResolutionPairs(huang, 4, SuperResolutionPairsOptions.Detect(huang)).Names);
    }

    [Fact]
    public void Load_RejectsGivenLowResolutionOfWrongSize()
    {
        DataTestImages.Write(root, "hr/a.png", 8, 8, 1);
        DataTestImages.Write(root, "lr/a.png", 3, 2, 3);
        var pairs = new SuperResolutionPairs(Path.Combine(root, "hr"), 4, new SuperResolutionPairsOptions(LowResolutionFolder: Path.Combine(root, "lr")));
        Assert.Throws<ArgumentException>(() => pairs.Load(0));
    }
}
