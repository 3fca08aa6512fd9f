using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

// replaced by Data.IdxReader after merge
/// <summary>Minimal reader of an IDX pair (MNIST / Fashion-MNIST layout: <c>{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]</c>).</summary>
internal static class IdxData
{
    /// <summary>Images [N,1,H,W] float32 in [0,1] and int64 labels; <paramref name="limit"/> ≤ 0 reads all.</summary>
    public static (Tensor Images, Tensor Labels) Load(string folder, bool train, int limit)
    {
        string prefix = train ? "train" : "t10k";
        var images = Read(Find(folder, $"{prefix}-images-idx3-ubyte"), limit, out var dims);
        var labels = Read(Find(folder, $"{prefix}-labels-idx1-ubyte"), limit, out _);
        long n = labels.Length;
        var x = tensor(images, dtype: ScalarType.Byte).reshape(n, 1, dims[1], dims[2]).to_type(ScalarType.Float32) / 255.0f;
        return (x, tensor(labels, dtype: ScalarType.Byte).to_type(ScalarType.Int64));
    }

    public static IEnumerable<(Tensor Images, Tensor Labels)> Batches(Tensor images, Tensor labels, int batchSize, ulong? shuffleSeed)
    {
        long n = images.shape[0];
        using var order = shuffleSeed is ulong seed ? randperm(n, generator: new Generator(seed)) : arange(n);
        for (long start = 0; start < n; start += batchSize)
        {
            using var index = order.narrow(0, start, Math.Min(batchSize, n - start));
            using var x = images.index_select(0, index);
            using var y = labels.index_select(0, index);
            // Disposed when the consumer asks for the next batch: memory stays flat over an epoch.
            yield return (x, y);
        }
    }

    private static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { Path.Combine(folder, name), Path.Combine(folder, name + ".gz") })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"--data: '{folder}' has neither {name} nor {name}.gz.");
    }

    private static byte[] Read(string path, int limit, out int[] dims)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new BinaryReader(stream);
        var magic = reader.ReadBytes(4);
        if (magic.Length != 4 || magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08)
        {
            throw new InvalidDataException($"{path} is not an unsigned-byte IDX file.");
        }

        dims = new int[magic[3]];
        for (int i = 0; i < dims.Length; i++)
        {
            var b = reader.ReadBytes(4);
            dims[i] = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        }

        int count = limit > 0 ? Math.Min(limit, dims[0]) : dims[0];
        int itemSize = 1;
        for (int i = 1; i < dims.Length; i++)
        {
            itemSize *= dims[i];
        }

        var data = reader.ReadBytes(count * itemSize);
        if (data.Length != count * itemSize)
        {
            throw new InvalidDataException($"{path} is truncated.");
        }

        return data;
    }
}
