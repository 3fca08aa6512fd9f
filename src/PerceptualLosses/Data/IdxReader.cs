using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, also Fashion-MNIST): unsigned-byte images <c>[N,rows,cols]</c> and labels <c>[N]</c>,
/// plain or gzip-compressed (by the <c>.gz</c> extension).
/// </summary>
public static class IdxReader
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <summary>Images as float32 <c>[N,1,rows,cols]</c> in [0,1] (byte/255).</summary>
    /// <exception cref="InvalidDataException">Wrong magic number, or fewer bytes than the header announces.</exception>
    public static Tensor ReadImages(string path)
    {
        byte[] data = ReadAll(path);
        int magic = Header(data, 0, path);
        if (magic != ImagesMagic)
        {
            throw new InvalidDataException($"path: '{path}' is not an IDX image file (magic 0x{magic:x8}, expected 0x{ImagesMagic:x8}).");
        }

        int count = Header(data, 4, path), rows = Header(data, 8, path), cols = Header(data, 12, path);
        long expected = 16L + ((long)count * rows * cols);
        if (count < 0 || rows < 1 || cols < 1 || data.Length < expected)
        {
            throw new InvalidDataException($"path: '{path}' announces {count} images of {rows}x{cols} ({expected} bytes) but has {data.Length} bytes.");
        }

        var pixels = new float[(long)count * rows * cols];
        for (long i = 0; i < pixels.Length; i++)
        {
            pixels[i] = data[16 + i] / 255f;
        }

        return tensor(pixels, new long[] { count, 1, rows, cols });
    }

    /// <summary>Labels as int64 <c>[N]</c>.</summary>
    public static Tensor ReadLabels(string path)
    {
        byte[] data = ReadAll(path);
        int magic = Header(data, 0, path);
        if (magic != LabelsMagic)
        {
            throw new InvalidDataException($"path: '{path}' is not an IDX label file (magic 0x{magic:x8}, expected 0x{LabelsMagic:x8}).");
        }

        int count = Header(data, 4, path);
        if (count < 0 || data.Length < 8L + count)
        {
            throw new InvalidDataException($"path: '{path}' announces {count} labels but has {data.Length - 8} bytes of data.");
        }

        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = data[8 + i];
        }

        return tensor(labels);
    }

    /// <summary>Reads a matching image/label pair and checks that the counts agree.</summary>
    public static (Tensor Images, Tensor Labels) ReadPair(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (images.shape[0] != labels.shape[0])
        {
            long n = images.shape[0], m = labels.shape[0];
            images.Dispose();
            labels.Dispose();
            throw new InvalidDataException($"'{imagesPath}' has {n} images but '{labelsPath}' has {m} labels.");
        }

        return (images, labels);
    }

    private static byte[] ReadAll(string path)
    {
        Guard.FileExists(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadAllBytes(path);
        }

        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        try
        {
            gzip.CopyTo(memory);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"path: '{path}' is not valid gzip data: {e.Message}", e);
        }

        return memory.ToArray();
    }

    private static int Header(byte[] data, int offset, string path) =>
        data.Length >= offset + 4
            ? BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset, 4))
            : throw new InvalidDataException($"path: '{path}' is too short for an IDX header.");
}
