using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;
using Xunit;

namespace PerceptualLosses.Tests.Data;

public sealed class ImageFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-folder-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void List_IsRecursiveSortedAndFiltersExtensions()
    {
        DataTestImages.Write(root, "b/2.png", 4, 4, 1);
        DataTestImages.Write(root, "a.PNG".ToLowerInvariant(), 4, 4, 2);
        DataTestImages.Write(root, "b/10.png", 4, 4, 3);
        File.WriteAllText(Path.Combine(root, "notes.txt"), "x");
        File.Copy(Path.Combine(root, "a.png"), Path.Combine(root, "c.JPG.bmp"));

        var names = ImageFolder.List(root).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).ToArray();

        Assert.Equal(new[] { "a.png", "b/10.png", "b/2.png", "c.JPG.bmp" }, names);
        Assert.Equal(new[] { "a.png", "c.JPG.bmp" }, ImageFolder.List(root, recursive: false).Select(Path.GetFileName));
    }

    [Fact]
    public void Destinations_MapAFileToTheOutputFile_AndAFolderToPngsUnderTheOutputFolder()
    {
        DataTestImages.Write(root, "in/a.png", 4, 4, 1);
        DataTestImages.Write(root, "in/sub/b.bmp", 4, 4, 2);
        string input = Path.Combine(root, "in"), output = Path.Combine(root, "out");

        Assert.Equal(new[] { (Path.Combine(input, "a.png"), Path.Combine(root, "x.png")) }, ImageFolder.Destinations(Path.Combine(input, "a.png"), Path.Combine(root, "x.png")));
        Assert.Equal(
            new[] { (Path.Combine(input, "a.png"), Path.Combine(output, "a.png")), (Path.Combine(input, "sub", "b.bmp"), Path.Combine(output, "sub", "b.png")) },
            ImageFolder.Destinations(input, output));
    }

    [Fact]
    public void Destinations_Throw_ForAMissingInput_AndForAFolderIntoAFile()
    {
        DataTestImages.Write(root, "in/a.png", 4, 4, 1);
        string missing = Path.Combine(root, "missing");
        var error = Assert.Throws<ArgumentException>(() => ImageFolder.Destinations(missing, Path.Combine(root, "out")));
        Assert.Equal("inputPath", error.ParamName);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => ImageFolder.Destinations(Path.Combine(root, "in"), Path.Combine(root, "in", "a.png")));
        Assert.Equal("outputPath", error.ParamName);
        Assert.Contains("is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_Throws_ForEmptyOrMissingFolder()
    {
        File.WriteAllText(Path.Combine(root, "readme.md"), "no images");
        var error = Assert.Throws<ArgumentException>(() => ImageFolder.List(root));
        Assert.Contains(root, error.Message, StringComparison.Ordinal);
        Assert.Contains(".png", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.List(Path.Combine(root, "missing")));
    }

    [Fact]
    public void Take_GivesTheFirstImagesInListOrder_AllWhenZero()
    {
        DataTestImages.Write(root, "b/2.png", 4, 4, 1);
        DataTestImages.Write(root, "a.png", 4, 4, 2);
        DataTestImages.Write(root, "b/10.png", 4, 4, 3);

        Assert.Equal(ImageFolder.List(root).Take(2), ImageFolder.Take(root, 2));
        Assert.Equal(ImageFolder.List(root), ImageFolder.Take(root, 0));
        Assert.Equal(ImageFolder.List(root), ImageFolder.Take(root, 10));
    }

    [Fact]
    public void Take_NamesItsArgument_ForAMissingOrEmptyFolderOrANegativeCount()
    {
        // normalize-vgg maps imageFolder and maxImages to --images and --max-images.
        var missing = Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Take(Path.Combine(root, "missing"), 0));
        Assert.StartsWith("imageFolder: folder '", missing.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(root, "readme.md"), "no images");
        var empty = Assert.Throws<ArgumentException>(() => ImageFolder.Take(root, 0));
        Assert.Equal("imageFolder", empty.ParamName);
        Assert.StartsWith($"imageFolder '{root}' holds no image (.png", empty.Message, StringComparison.Ordinal);

        DataTestImages.Write(root, "a.png", 4, 4, 2);
        Assert.Equal("maxImages", Assert.ThrowsAny<ArgumentException>(() => ImageFolder.Take(root, -1)).ParamName);
    }

    [Fact]
    public void LoadEachRgb_ReadsEveryFileAsThreeChannels_OneAtATime()
    {
        string grey = Path.Combine(root, "grey.png");
        using (var image = TorchSharp.torch.rand(1, 6, 5))
        {
            PerceptualLosses.Imaging.ImageIO.Save(image, grey);
        }

        string rgb = DataTestImages.Write(root, "rgb.png", 4, 7, 2);
        var shapes = ImageFolder.LoadEachRgb(new[] { grey, rgb }).Select(t => t.shape).ToArray();

        Assert.Equal(new[] { new long[] { 3, 6, 5 }, new long[] { 3, 4, 7 } }, shapes);
    }

    [Fact]
    public void Pairs_MatchesTwoFoldersByFileName_AndNamesTheFolderThatDoesNotFit()
    {
        string references = Path.Combine(root, "ref"), distorted = Path.Combine(root, "dist");
        foreach (string name in new[] { "b.png", "a.png" })
        {
            DataTestImages.Write(references, name, 4, 4, 1);
            DataTestImages.Write(distorted, name, 4, 4, 2);
        }

        File.WriteAllText(Path.Combine(distorted, "notes.txt"), "not an image");
        var pairs = ImageFolder.Pairs(references, distorted);
        Assert.Equal(new[] { "a.png", "b.png" }, pairs.Select(p => p.Name));
        Assert.Equal(Path.Combine(distorted, "b.png"), pairs[1].Distorted);

        DataTestImages.Write(distorted, "c.png", 4, 4, 3);
        var unmatched = Assert.Throws<ArgumentException>(() => ImageFolder.Pairs(references, distorted));
        Assert.Equal("distortedFolder", unmatched.ParamName);
        Assert.Contains("Only in referenceFolder: []. Only in distortedFolder: [c.png].", unmatched.Message, StringComparison.Ordinal);

        var file = Assert.Throws<ArgumentException>(() => ImageFolder.Pairs(references, Path.Combine(distorted, "c.png")));
        Assert.Equal("distortedFolder", file.ParamName);

        string empty = Path.Combine(root, "empty");
        Directory.CreateDirectory(empty);
        Assert.Equal("referenceFolder", Assert.Throws<ArgumentException>(() => ImageFolder.Pairs(empty, empty)).ParamName);
    }
}
