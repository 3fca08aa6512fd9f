using System;
using PerceptualLosses.Runtime;
using Xunit;

namespace PerceptualLosses.Tests.Runtime;

public sealed class NativeLoadFailureMessageTests
{
    [Fact]
    public void FailureMessage_NamesTheMissingGlibcxxVersion_AndTheFixes()
    {
        var report = new NativeLoadReport(NativeLoadMode.Failed, "/app/libLibTorchSharp.so", null, new[] { "GLIBCXX_3.4.32" }, new[]
        {
            "Found /app/libLibTorchSharp.so.",
            "Failed to load /app/libLibTorchSharp.so: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)",
            "Could not write a patched copy: disk full",
        });

        string message = TorchRuntime.FailureMessage(report);

        Assert.StartsWith("TorchSharp's native library (libLibTorchSharp.so) could not be loaded: this system's libstdc++ lacks GLIBCXX_3.4.32", message, StringComparison.Ordinal);
        Assert.Contains("build the application with the PerceptualLosses package", message, StringComparison.Ordinal);
        Assert.Contains("GCC 13", message, StringComparison.Ordinal);
        Assert.Contains(TorchRuntime.CacheDirectoryVariable, message, StringComparison.Ordinal);
        Assert.Contains("disk full", message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureMessage_WithoutAVersionError_DoesNotBlameGlibcxx()
    {
        var report = new NativeLoadReport(NativeLoadMode.Failed, null, null, Array.Empty<string>(), new[] { "Failed to load x: file too short" });

        Assert.DoesNotContain("lacks", TorchRuntime.FailureMessage(report), StringComparison.Ordinal);
    }
}
