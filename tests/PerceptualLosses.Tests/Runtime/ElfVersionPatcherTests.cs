using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Runtime;
using Xunit;

namespace PerceptualLosses.Tests.Runtime;

public class ElfVersionPatcherTests
{
    // The packaged library is the real input the patch is for; its version table is read independently with binutils'
    // `readelf -V` when the fixture note was written (GLIBCXX_3.4.32 listed with "Flags: none" under libstdc++.so.6).
    private static string PackagedLibrary()
    {
        string? path = TorchRuntime.Report.OriginalPath;
        Assert.False(path is null, "TorchRuntime did not find libLibTorchSharp.so next to the test assembly.");
        return path!;
    }

    [Fact]
    public void ReadVersionNeeds_ListsGlibcxxRequirementsOfLibTorchSharp()
    {
        var needs = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(PackagedLibrary()));

        var glibcxx = needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", glibcxx.Library);
        Assert.False(glibcxx.IsWeak);
        Assert.Contains(needs, n => n.Version == "GLIBC_2.2.5");
    }

    [Fact]
    public void MarkWeak_SetsOnlyTheRequestedFlag()
    {
        byte[] image = File.ReadAllBytes(PackagedLibrary());
        byte[] before = (byte[])image.Clone();

        var patched = ElfVersionPatcher.MarkWeak(image, new[] { "GLIBCXX_3.4.32" });

        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, patched);
        var needs = ElfVersionPatcher.ReadVersionNeeds(image);
        Assert.True(needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(needs.Where(n => n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
        int changed = Enumerable.Range(0, image.Length).Count(i => image[i] != before[i]);
        Assert.Equal(1, changed); // one flag byte (0x0000 -> 0x0002, little-endian)
    }

    [Fact]
    public void ReadVersionNeeds_RejectsNonElfInput()
    {
        var error = Assert.Throws<FormatException>(() => ElfVersionPatcher.ReadVersionNeeds(new byte[128]));
        Assert.Contains("ELF", error.Message);
    }

    [Fact]
    public void ReadVersionNeeds_RejectsTruncatedFile()
    {
        byte[] image = File.ReadAllBytes(PackagedLibrary());
        Assert.Throws<FormatException>(() => ElfVersionPatcher.ReadVersionNeeds(image.AsSpan(0, 4096)));
    }
}
