using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Runtime;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_MakesTorchUsable()
    {
        var report = TorchRuntime.EnsureLoaded();
        Assert.NotEqual(NativeLoadMode.Failed, report.Mode);
        using var x = ones(2, 3);
        Assert.Equal(6.0, x.sum().item<float>());
    }

    [Fact]
    public void EnsureLoaded_IsIdempotentAcrossThreads()
    {
        var reports = Enumerable.Range(0, 8).AsParallel().Select(_ => TorchRuntime.EnsureLoaded()).ToArray();
        Assert.All(reports, r => Assert.Same(reports[0], r));
    }
}
