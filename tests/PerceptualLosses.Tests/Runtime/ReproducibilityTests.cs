using System;
using System.Linq;
using PerceptualLosses.Runtime;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Runtime;

[Collection(GlobalRandomTests.Name)]
public sealed class ReproducibilityTests
{
    [Fact]
    public void Seed_RepeatsTorchDrawsAndTheManagedGenerator()
    {
        (float[] Torch, int[] Managed) Draw(int seed)
        {
            using var scope = NewDisposeScope();
            var managed = Reproducibility.Seed(seed);
            return (rand(8).data<float>().ToArray(), Enumerable.Range(0, 8).Select(_ => managed.Next()).ToArray());
        }

        var first = Draw(42);
        var again = Draw(42);
        var other = Draw(43);
        Assert.Equal(first.Torch, again.Torch);
        Assert.Equal(first.Managed, again.Managed);
        Assert.NotEqual(first.Torch, other.Torch);
        Assert.NotEqual(first.Managed, other.Managed);
    }

    [Fact]
    public void SetThreads_RejectsNegativeCounts_AndKeepsTheDefaultForZero()
    {
        int before = get_num_threads();
        Reproducibility.SetThreads(0);
        Assert.Equal(before, get_num_threads());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Reproducibility.SetThreads(-1));
        Assert.Equal("threads", error.ParamName);
    }
}
