using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Training;

/// <summary>
/// Committed Fashion-MNIST subsets (Xiao, Rasul &amp; Vollgraf 2017, MIT licence): the first 1 500 training records in
/// Fixtures/FashionMnist and the first 200 test records in samples/data/fashion-mnist, both cut from Debian's
/// dataset-fashion-mnist by tools/fixtures/fashion_mnist_subset.py.
/// </summary>
internal static class FashionMnist
{
    public static string TrainFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "FashionMnist");

    /// <summary>samples/data/fashion-mnist, found above the test binaries.</summary>
    public static string TestFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "data", "fashion-mnist");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("samples/data/fashion-mnist not found above the test binaries.");
        }
    }

    /// <summary>First <paramref name="count"/> images [N,1,28,28] float32 in [0,1] and int64 labels.</summary>
    public static (Tensor Images, Tensor Labels) Load(bool train, int count)
    {
        string prefix = train ? "train" : "t10k";
        string folder = train ? TrainFolder : TestFolder;
        var images = ReadIdx(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), count, out var dims);
        var labels = ReadIdx(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), count, out _);
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
