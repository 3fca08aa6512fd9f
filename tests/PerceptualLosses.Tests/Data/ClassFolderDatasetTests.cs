using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Data;

public sealed class ClassFolderDatasetTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-classes-").FullName;

    public ClassFolderDatasetTests()
    {
        DataTestImages.Write(root, "cat/a.png", 20, 30, 1);   // smaller than the crops below
        DataTestImages.Write(root, "cat/b.png", 300, 200, 2);
        DataTestImages.Write(root, "dog/c.png", 64, 64, 3);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Classes_AreSortedSubfolders_AndLabelsFollowThem()
    {
        var data = new ClassFolderDataset(root);
        Assert.Equal(new[] { "cat", "dog" }, data.Classes);
        Assert.Equal(new[] { 0, 0, 1 }, Enumerable.Range(0, data.Count).Select(data.Label).ToArray());
    }

    [Fact]
    public void ResizedCrop_GivesCropSizedImagesInRange_ForAnyImageSize_AndRepeatsWithTheSeed()
    {
        using var scope = NewDisposeScope();
        var data = new ClassFolderDataset(root);
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.LoadForTrainingResizedCrop(i, 48, new DataRandom(7));
            Assert.Equal(new long[] { 3, 48, 48 }, x.shape);
            Assert.True(x.min().item<float>() >= 0 && x.max().item<float>() <= 1);
            Assert.True(x.equal(data.LoadForTrainingResizedCrop(i, 48, new DataRandom(7))).all().item<bool>());
        }
    }

    [Fact]
    public void ResizedCropWindows_StayInsideTheImage_WithTorchvisionsAreaAndAspectRanges()
    {
        var random = new DataRandom(11);
        var (minArea, maxArea, minRatio, maxRatio) = ClassFolderDataset.ResizedCropRange;
        for (int n = 0; n < 2000; n++)
        {
            var (top, left, h, w) = ClassFolderDataset.ResizedCropWindow(300, 200, random);
            Assert.InRange(top, 0, 300 - h);
            Assert.InRange(left, 0, 200 - w);
            // Rounding of h and w to whole pixels moves area and ratio by about one pixel's worth.
            Assert.InRange((double)h * w / (300 * 200), minArea * 0.9, maxArea);
            Assert.InRange((double)w / h, minRatio * 0.95, maxRatio * 1.05);
        }

        // A strip far outside the ratio range never fits: the central crop of the nearest allowed ratio.
        Assert.Equal((0, 493, 10, 13), ClassFolderDataset.ResizedCropWindow(10, 1000, new DataRandom(3)));
    }

    [Fact]
    public void TrainingCrop_RejectsImagesSmallerThanTheCrop_NamingTheFile()
    {
        var data = new ClassFolderDataset(root);
        var error = Assert.Throws<ArgumentException>(() => data.LoadForTraining(0, 32, new DataRandom(1)));
        Assert.Contains("a.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_ResizesTheShorterSide_ThenCropsTheCentre()
    {
        using var scope = NewDisposeScope();
        var data = new ClassFolderDataset(root);
        Assert.Equal(new long[] { 3, 32, 32 }, data.LoadForEvaluation(1, 40, 32).shape);
        Assert.Throws<ArgumentException>(() => data.LoadForEvaluation(1, 32, 40));
    }
}
