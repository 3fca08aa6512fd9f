using System;
using System.Linq;
using PerceptualLosses.Data;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Data;

public class AugmentationAndCropTests
{
    [Fact]
    public void Augmentations_AreTheEightSymmetriesAndKeepLrHrAligned()
    {
        using var scope = NewDisposeScope();
        var lr = arange(12, dtype: ScalarType.Float32).reshape(1, 3, 4);
        var hr = nn.functional.interpolate(lr.unsqueeze(0), scale_factor: new double[] { 2, 2 }, mode: InterpolationMode.Nearest)[0];
        var distinct = new System.Collections.Generic.HashSet<string>();
        foreach (int k in Enumerable.Range(0, 8))
        {
            var a = new Augmentation((k & 1) != 0, (k & 2) != 0, (k & 4) != 0);
            var al = a.Apply(lr);
            var ah = a.Apply(hr);
            var up = nn.functional.interpolate(al.unsqueeze(0), scale_factor: new double[] { 2, 2 }, mode: InterpolationMode.Nearest)[0];
            Assert.True(up.equal(ah).all().item<bool>());
            distinct.Add(string.Join(",", al.flatten().data<float>().ToArray()) + al.shape[1]);
        }

        Assert.Equal(8, distinct.Count);
    }

    [Fact]
    public void DataRandom_StateRoundTrips()
    {
        var a = new DataRandom(42);
        a.NextUInt64();
        var b = new DataRandom(0) { State = a.State };
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }
}
