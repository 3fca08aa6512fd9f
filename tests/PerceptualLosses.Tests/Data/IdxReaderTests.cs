using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-idx-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(root, name);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return path;
        }

        using var file = File.Create(path);
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(bytes);
        return path;
    }

    private static byte[] Images(int count, int rows, int cols, int magic = 0x803) =>
        new byte[] { 0, 0, (byte)(magic >> 8), (byte)magic, 0, 0, 0, (byte)count, 0, 0, 0, (byte)rows, 0, 0, 0, (byte)cols }
            .Concat(Enumerable.Range(0, count * rows * cols).Select(i => (byte)(i * 7))).ToArray();

    [Fact]
    public void ReadPair_ReadsPlainAndGzipFiles()
    {
        using var scope = NewDisposeScope();
        string images = Write("imgs.gz", Images(2, 3, 4), gzip: true);
        string labels = Write("labels", new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 7, 3 });
        var (x, y) = IdxReader.ReadPair(images, labels);
        Assert.Equal(new long[] { 2, 1, 3, 4 }, x.shape);
        Assert.Equal(7 * 5 / 255f, x[0, 0, 1, 1].item<float>(), 6);
        Assert.Equal(new long[] { 7, 3 }, y.data<long>().ToArray());
    }

    [Fact]
    public void Read_RejectsWrongMagicTruncationAndCountMismatch()
    {
        Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(Write("labels-as-images", new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 5 })));
        Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(Write("short", Images(2, 3, 4).Take(30).ToArray())));
        string images = Write("imgs", Images(2, 3, 4));
        string labels = Write("labels", new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3 });
        Assert.Throws<InvalidDataException>(() => IdxReader.ReadPair(images, labels));
        Assert.Throws<FileNotFoundException>(() => IdxReader.ReadLabels(Path.Combine(root, "missing")));
    }

    [Fact]
    public void ReadsRealFashionMnistTestSet()
    {
        // The committed subset (first 200 test records, samples/data/fashion-mnist; cut by tools/fixtures/fashion_mnist_subset.py).
        // Reference numbers read with NumPy 1.24 from Debian's dataset-fashion-mnist t10k files: labels[:12] = 9 2 1 1 6 1 4
        // 6 5 7 4 5, image 0 pixel sum 33456, image 199 sum 51291, image 0 row 14 cols 10..15.
        using var scope = NewDisposeScope();
        string folder = FashionMnist.TestFolder;
        var (x, y) = IdxReader.ReadPair(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(new long[] { 200, 1, 28, 28 }, x.shape);
        Assert.Equal(new long[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5 }, y.narrow(0, 0, 12).data<long>().ToArray());
        Assert.Equal(33456.0, Math.Round(x[0].to_type(ScalarType.Float64).sum().item<double>() * 255));
        Assert.Equal(51291.0, Math.Round(x[199].to_type(ScalarType.Float64).sum().item<double>() * 255));
        Assert.Equal(new[] { 0, 0, 98, 136, 110, 109 }, (x[0, 0, 14].narrow(0, 10, 6) * 255).round().to_type(ScalarType.Int32).data<int>().ToArray());
    }
}
