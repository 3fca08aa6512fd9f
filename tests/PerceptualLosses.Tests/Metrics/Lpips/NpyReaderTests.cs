using System;
using System.IO;
using PerceptualLosses.Metrics;
using Xunit;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>Files written by numpy.save (see Fixtures/Lpips/README.md).</summary>
public class NpyReaderTests
{
    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "npy", name);

    [Fact]
    public void Read_Float32Judge()
    {
        var (values, shape) = NpyReader.Read(PathOf("judge_f4.npy"));
        Assert.Equal(new long[] { 1 }, shape);
        Assert.Equal(0.6875, values[0]);
    }

    [Fact]
    public void Read_Float64Matrix()
    {
        var (values, shape) = NpyReader.Read(PathOf("matrix_f8.npy"));
        Assert.Equal(new long[] { 2, 3 }, shape);
        Assert.Equal(5.0 / 7.0, values[5]);
    }

    [Fact]
    public void Read_RejectsIntegerArraysNamingTheDtype()
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyReader.Read(PathOf("ints.npy")));
        Assert.Contains("<i8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsNonNpyFiles()
    {
        Assert.Throws<InvalidDataException>(() => NpyReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "reference.json")));
    }
}
