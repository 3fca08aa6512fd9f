using System;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Imaging;

public class SuperResolutionCropTests
{
    [Fact]
    public void ToMultipleOf_CropsBottomAndRight()
    {
        using var scope = NewDisposeScope();
        var x = arange(3 * 10 * 7, dtype: ScalarType.Float32).reshape(3, 10, 7);
        var y = SuperResolutionCrop.ToMultipleOf(x, 4);
        Assert.Equal(new long[] { 3, 8, 4 }, y.shape);
        Assert.True(y.equal(x.narrow(1, 0, 8).narrow(2, 0, 4)).all().item<bool>());
    }

    [Fact]
    public void ShaveBorder_RemovesEachSide()
    {
        using var scope = NewDisposeScope();
        var y = SuperResolutionCrop.ShaveBorder(rand(2, 3, 12, 10), 4);
        Assert.Equal(new long[] { 2, 3, 4, 2 }, y.shape);
    }

    [Fact]
    public void ShaveBorder_ThrowsWhenNothingRemains()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("border", Assert.Throws<ArgumentException>(() => SuperResolutionCrop.ShaveBorder(rand(3, 8, 20), 4)).ParamName);
        Assert.Throws<ArgumentException>(() => SuperResolutionCrop.ToMultipleOf(rand(3, 3, 20), 4));
    }
}
