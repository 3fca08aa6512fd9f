using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Data;

public sealed class SuperResolutionBatchesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-batches-").FullName;
    private readonly IReadOnlyList<string> images;

    public SuperResolutionBatchesTests()
    {
        for (int i = 0; i < 5; i++)
        {
            DataTestImages.Write(root, $"img{i}.png", 24 + i, 28 - i, i + 1);
        }

        images = ImageFolder.List(root);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static SuperResolutionBatchOptions Options(long seed = 1, int prefetch = 0) =>
        new(Scale: 4, HighResolutionPatch: 16, BatchSize: 3, Seed: seed, Prefetch: prefetch);

    private static float[][] Take(SuperResolutionBatches batches, int count)
    {
        var result = new List<float[]>();
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            var (lr, hr) = batches.NextBatch();
            result.Add(lr.flatten().data<float>().ToArray().Concat(hr.flatten().data<float>().ToArray()).ToArray());
        }

        return result.ToArray();
    }

    [Fact]
    public void NextBatch_GivesAlignedCropsWithMatlabLowResolution()
    {
        using var scope = NewDisposeScope();
        using var batches = new SuperResolutionBatches(images, Options());
        var (lr, hr) = batches.NextBatch();
        Assert.Equal(new long[] { 3, 3, 4, 4 }, lr.shape);
        Assert.Equal(new long[] { 3, 3, 16, 16 }, hr.shape);
        Assert.True(lr.allclose(MatlabResize.Imresize(hr, 0.25), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void SameSeed_SameBatches_OtherSeed_OtherBatches()
    {
        using var a = new SuperResolutionBatches(images, Options(seed: 7));
        using var b = new SuperResolutionBatches(images, Options(seed: 7));
        using var c = new SuperResolutionBatches(images, Options(seed: 8));
        var first = Take(a, 4);
        Assert.Equal(first, Take(b, 4));
        Assert.NotEqual(first, Take(c, 4));
    }

    [Fact]
    public void RestoreState_ContinuesExactly_AcrossEpochs()
    {
        using var straight = new SuperResolutionBatches(images, Options());
        var expected = Take(straight, 6); // 18 samples: more than three epochs of 5 images

        using var interrupted = new SuperResolutionBatches(images, Options());
        Take(interrupted, 2);
        string state = interrupted.SaveState();
        using var resumed = new SuperResolutionBatches(images, Options());
        resumed.RestoreState(state);
        Assert.Equal(expected.Skip(2).ToArray(), Take(resumed, 4));
    }

    [Fact]
    public void Prefetch_YieldsTheSameBatchesAndState()
    {
        using var plain = new SuperResolutionBatches(images, Options());
        using var prefetched = new SuperResolutionBatches(images, Options(prefetch: 2));
        Assert.Equal(Take(plain, 5), Take(prefetched, 5));
        Assert.Equal(plain.SaveState(), prefetched.SaveState());
    }

    [Theory]
    [InlineData(0)] // read on the caller's thread
    [InlineData(2)] // read by the prefetch thread: the error must reach the caller, not end the process
    public void ATruncatedImage_IsAnErrorNamingIt_WithOrWithoutPrefetch(int prefetch)
    {
        var png = File.ReadAllBytes(images[0]);
        string truncated = Path.Combine(root, "truncated.png");
        File.WriteAllBytes(truncated, png.Take(png.Length / 2).ToArray());
        using var batches = new SuperResolutionBatches(new[] { truncated }, Options(prefetch: prefetch) with { BatchSize = 1 });

        var error = Assert.ThrowsAny<Exception>(() => Take(batches, 1));
        Assert.True(error is InvalidOperationException or InvalidDataException, error.ToString());
        Assert.Contains("truncated.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesSmallerThanTheCrop_AreAnErrorOrSkippedWhenAsked()
    {
        DataTestImages.Write(root, "tiny.png", 8, 8, 9);
        var all = ImageFolder.List(root);
        using var strict = new SuperResolutionBatches(all, Options() with { BatchSize = 6 });
        var error = Assert.Throws<ArgumentException>(() => Take(strict, 1));
        Assert.Contains("tiny.png", error.Message, StringComparison.Ordinal);

        using var lenient = new SuperResolutionBatches(all, Options() with { BatchSize = 6, SkipImagesSmallerThanPatch = true });
        Take(lenient, 1);
        Assert.Equal(1, lenient.SkippedImages);
    }

    [Fact]
    public void Options_RejectPatchNotMultipleOfScale()
    {
        Assert.Throws<ArgumentException>(() => new SuperResolutionBatches(images, Options() with { HighResolutionPatch = 18 }));
    }

    [Fact]
    public void ManyBatches_LeaveNoLiveTensors()
    {
        using var batches = new SuperResolutionBatches(images, Options(prefetch: 1));
        Take(batches, 2);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Take(batches, 20);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
