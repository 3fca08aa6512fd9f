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
    public void List_Throws_ForEmptyOrMissingFolder()
    {
        File.WriteAllText(Path.Combine(root, "readme.md"), "no images");
        var error = Assert.Throws<ArgumentException>(() => ImageFolder.List(root));
        Assert.Contains(root, error.Message, StringComparison.Ordinal);
        Assert.Contains(".png", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.List(Path.Combine(root, "missing")));
    }
}
