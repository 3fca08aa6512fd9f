using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using PerceptualLosses.Runtime;
using Xunit;

namespace PerceptualLosses.Tests.Runtime;

public sealed class NativePatchCopyTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-native-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Original => TorchRuntime.Report.OriginalPath ?? throw new InvalidOperationException("libLibTorchSharp.so not found");

    [Fact]
    public void WritePatchedCopy_FallsBackToCacheFolder_WhenPackageFolderIsNotWritable()
    {
        // A folder below a regular file can never be created: this stands in for a read-only package folder
        // even when tests run as root (which ignores permission bits).
        string blocker = Path.Combine(root, "read-only-package");
        File.WriteAllText(blocker, "not a folder");
        string unwritable = Path.Combine(blocker, "native");
        string cache = Path.Combine(root, "cache");
        var trace = new List<string>();

        string written = TorchRuntime.WritePatchedCopy(Original, new[] { "GLIBCXX_3.4.32" }, unwritable, cache, trace);

        Assert.Equal(Path.Combine(cache, TorchRuntime.PatchedFileName), written);
        Assert.Contains(trace, line => line.StartsWith($"Cannot write to {unwritable}", StringComparison.Ordinal));
        Assert.True(ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(written)).Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
    }

    [Fact]
    public void PatchedCopyInCacheFolder_LoadsOutsideThePackageFolder()
    {
        // libtorch is already loaded by soname, so the copy resolves its NEEDED entries without $ORIGIN.
        string written = TorchRuntime.WritePatchedCopy(Original, new[] { "GLIBCXX_3.4.32" }, Path.Combine(root, "cache"), Path.Combine(root, "unused"), new List<string>());

        Assert.True(NativeLibrary.TryLoad(written, out IntPtr handle));
        Assert.NotEqual(IntPtr.Zero, handle);
    }

    [Fact]
    public void WritePatchedCopy_ReusesAnIdenticalExistingCopy()
    {
        string folder = Path.Combine(root, "pkg");
        var first = new List<string>();
        var second = new List<string>();

        TorchRuntime.WritePatchedCopy(Original, new[] { "GLIBCXX_3.4.32" }, folder, Path.Combine(root, "c"), first);
        TorchRuntime.WritePatchedCopy(Original, new[] { "GLIBCXX_3.4.32" }, folder, Path.Combine(root, "c"), second);

        Assert.Contains(first, l => l.StartsWith("Wrote", StringComparison.Ordinal));
        Assert.Contains(second, l => l.StartsWith("Reusing", StringComparison.Ordinal));
    }

    [Fact]
    public void WritePatchedCopy_Throws_WhenNoFolderIsWritable()
    {
        string blocker = Path.Combine(root, "file");
        File.WriteAllText(blocker, "x");

        var error = Assert.Throws<IOException>(() => TorchRuntime.WritePatchedCopy(
            Original, new[] { "GLIBCXX_3.4.32" }, Path.Combine(blocker, "a"), Path.Combine(blocker, "b"), new List<string>()));
        Assert.Contains(TorchRuntime.CacheDirectoryVariable, error.Message);
    }

    [Fact]
    public void WritePatchedCopy_Throws_WhenVersionIsNotRequired()
    {
        Assert.Throws<FormatException>(() => TorchRuntime.WritePatchedCopy(
            Original, new[] { "GLIBCXX_9.9.99" }, Path.Combine(root, "x"), Path.Combine(root, "y"), new List<string>()));
    }

    [Theory]
    [InlineData("/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /x/libLibTorchSharp.so)", "GLIBCXX_3.4.32")]
    [InlineData("libstdc++.so.6: version `CXXABI_1.3.15' not found", "CXXABI_1.3.15")]
    [InlineData("libfoo.so: cannot open shared object file: No such file or directory", null)]
    public void MissingVersion_ParsesLoaderMessages(string message, string? expected)
    {
        Assert.Equal(expected, TorchRuntime.MissingVersion(message));
    }

    [Fact]
    public void DefaultCacheDirectory_HonoursOverrideVariable()
    {
        string previous = Environment.GetEnvironmentVariable(TorchRuntime.CacheDirectoryVariable) ?? "";
        try
        {
            Environment.SetEnvironmentVariable(TorchRuntime.CacheDirectoryVariable, root);
            Assert.Equal(root, TorchRuntime.DefaultCacheDirectory(Original));
        }
        finally
        {
            Environment.SetEnvironmentVariable(TorchRuntime.CacheDirectoryVariable, previous.Length == 0 ? null : previous);
        }
    }
}
