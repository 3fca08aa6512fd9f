using System;
using PerceptualLosses.Losses;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Losses;

public class TextureMatchingLossTests
{
    [Theory]
    [InlineData(GramNormalization.Plain)]
    [InlineData(GramNormalization.PatchArea)]
    public void Compute_BatchedEqualsPerPatchLoop_WithPartialPatches(GramNormalization normalization)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn(3, 5, 37, 50); // 2x3 full 16x16 patches; the remainder rows/columns are not used
        var y = randn(3, 5, 37, 50);
        var options = new TextureOptions(16, normalization);

        double batched = TextureMatchingLoss.Compute(x, y, options).item<float>();
        double looped = TextureMatchingLoss.ComputeWithLoops(x, y, options).item<float>();

        Assert.Equal(looped, batched, looped * 1e-5);
    }

    [Fact]
    public void PatchGram_IsSymmetricWithOnePatchPerBlock()
    {
        using var scope = NewDisposeScope();
        var x = rand(2, 4, 32, 48);
        var gram = TextureMatchingLoss.PatchGram(x, TextureOptions.Paper);

        Assert.Equal(new long[] { 2, 6, 4, 4 }, gram.shape);
        Assert.True(gram.allclose(gram.transpose(2, 3)));
        // Patch (row 1, column 2) of image 1, computed directly.
        var patch = x[1].narrow(1, 16, 16).narrow(2, 32, 16).reshape(4, 256);
        Assert.True(gram[1, 5].allclose(patch.mm(patch.t()), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Compute_IsZeroForIdenticalFeatures()
    {
        using var scope = NewDisposeScope();
        var x = rand(1, 3, 16, 16);
        Assert.Equal(0.0, TextureMatchingLoss.Compute(x, x.clone(), TextureOptions.Paper).item<float>());
    }

    [Fact]
    public void Compute_Throws_WhenMapIsSmallerThanOnePatch()
    {
        using var scope = NewDisposeScope();
        var x = rand(1, 3, 15, 40);
        var error = Assert.Throws<ArgumentException>(() => TextureMatchingLoss.Compute(x, x, TextureOptions.Paper, "conv3_1"));
        Assert.Contains("conv3_1", error.Message, StringComparison.Ordinal);
        Assert.Contains("15x40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_Throws_WhenShapesDiffer()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => TextureMatchingLoss.Compute(rand(1, 3, 16, 16), rand(1, 3, 16, 32), TextureOptions.Paper));
    }

    [Theory]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    public void Compute_RunsInReducedPrecision(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = rand(2, 4, 32, 32);
        var y = rand(2, 4, 32, 32);
        double full = TextureMatchingLoss.Compute(x, y, TextureOptions.Paper).item<float>();
        var reduced = TextureMatchingLoss.Compute(x.to_type(dtype), y.to_type(dtype), TextureOptions.Paper);

        Assert.Equal(dtype, reduced.dtype);
        // 8 (bfloat16) or 11 (float16) mantissa bits over sums of 256 products: a few percent.
        Assert.Equal(full, reduced.to_type(ScalarType.Float32).item<float>(), full * 0.05);
    }
}
