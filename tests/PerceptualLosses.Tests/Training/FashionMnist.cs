using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Training;

/// <summary>
/// Minimal IDX reader for the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).
/// Test-only; replaced by Data.IdxReader after merge.
/// </summary>
internal static class FashionMnist
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public static bool Available => File.Exists(Path.Combine(Folder, "train-images-idx3-ubyte.gz"));

    /// <summary>First <paramref name="count"/> images [N,1,28,28] float32 in [0,1] and int64 labels.</summary>
    public static (Tensor Images, Tensor Labels) Load(bool train, int count)
    {
        string prefix = train ? "train" : "t10k";
        var images = ReadIdx(Path.Combine(Folder, $"{prefix}-images-idx3-ubyte.gz"), count, out var dims);
        var labels = ReadIdx(Path.Combine(Folder, $"{prefix}-labels-idx1-ubyte.gz"), count, out _);
        var x = tensor(images, dtype: ScalarType.Byte).reshape(count, 1, dims[1], dims[2]).to_type(ScalarType.Float32) / 255.0f;
        var y = tensor(labels, dtype: ScalarType.Byte).to_type(ScalarType.Int64);
        return (x, y);
    }

    public static IEnumerable<(Tensor Images, Tensor Labels)> Batches(Tensor images, Tensor labels, int batchSize, int? shuffleSeed)
    {
        long n = images.shape[0];
        Tensor order = shuffleSeed is int seed ? randperm(n, generator: new Generator((ulong)seed)) : arange(n);
        for (long start = 0; start < n; start += batchSize)
        {
            long length = Math.Min(batchSize, n - start);
            using var index = order.narrow(0, start, length);
            using var x = images.index_select(0, index);
            using var y = labels.index_select(0, index);
            yield return (x, y);
        }
    }

    private static byte[] ReadIdx(string path, int count, out int[] dims)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new BinaryReader(stream);
        var magic = reader.ReadBytes(4);
        int rank = magic[3];
        dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            var b = reader.ReadBytes(4);
            dims[i] = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        }

        int itemSize = 1;
        for (int i = 1; i < rank; i++)
        {
            itemSize *= dims[i];
        }

        if (count > dims[0])
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{path} has only {dims[0]} items.");
        }

        return reader.ReadBytes(count * itemSize);
    }
}
