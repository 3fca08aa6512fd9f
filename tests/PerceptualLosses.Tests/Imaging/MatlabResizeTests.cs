using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Imaging;

/// <summary>
/// Against the NumPy transcription of MATLAB imresize, which Octave's imresize reproduces to 3e-15, and against Octave's
/// own outputs at the SR scales (Fixtures/Imaging/README.md).
/// </summary>
public class MatlabResizeTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging");
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "imaging_reference.json"))).RootElement;

    private static Tensor Input(int k)
    {
        var shape = Reference.GetProperty("inputs")[k].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var bytes = File.ReadAllBytes(Path.Combine(Folder, $"imresize_input_{k}.bin"));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values).reshape(shape);
    }

    private static Tensor Expected(int k, double scale)
    {
        string key = $"{k}_{scale.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture)}";
        var shape = Reference.GetProperty("output_shapes").GetProperty(key).EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var bytes = File.ReadAllBytes(Path.Combine(Folder, $"imresize_{key}.bin"));
        var values = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values).reshape(shape);
    }

    public static TheoryData<int, double> Cases()
    {
        var data = new TheoryData<int, double>();
        foreach (int k in new[] { 0, 1, 2 })
        {
            foreach (double s in new[] { 0.25, 0.5, 0.3, 2.0, 2.5, 4.0 })
            {
                data.Add(k, s);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Imresize_Float64_MatchesMatlabReference(int k, double scale)
    {
        using var scope = NewDisposeScope();
        var actual = MatlabResize.Imresize(Input(k).to_type(ScalarType.Float64), scale);
        var expected = Expected(k, scale);
        Assert.Equal(expected.shape, actual.shape);
        // Same float64 maths, different summation order: differences at the 1e-15 level.
        Assert.True((actual - expected).abs().max().item<double>() < 1e-12);
    }

    /// <summary>
    /// Against Octave 7.3's own <c>imresize(img, s, 'bicubic')</c> (octave-image 2.14) at the SR scales ¼ and 4, where
    /// Octave agrees with MATLAB's documented algorithm: float64 both sides, 1e-12 (summation order only).
    /// </summary>
    [Theory]
    [InlineData(0, 0.25)]
    [InlineData(1, 0.25)]
    [InlineData(2, 0.25)]
    [InlineData(0, 4.0)]
    [InlineData(1, 4.0)]
    [InlineData(2, 4.0)]
    public void Imresize_Float64_MatchesOctave_AtTheSrScales(int k, double scale)
    {
        using var scope = NewDisposeScope();
        string key = $"{k}_{scale.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture)}";
        var bytes = File.ReadAllBytes(Path.Combine(Folder, $"imresize_octave_{key}.bin"));
        var values = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        var octave = tensor(values).reshape(Expected(k, scale).shape);
        var actual = MatlabResize.Imresize(Input(k).to_type(ScalarType.Float64), scale);
        Assert.True((actual - octave).abs().max().item<double>() < 1e-12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Imresize_Float32_MatchesMatlabReferenceWithin1e5(int k, double scale)
    {
        using var scope = NewDisposeScope();
        var actual = MatlabResize.Imresize(Input(k), scale);
        // float32 weights (relative error 6e-8) over at most 18 taps, and two passes, on values in [0,1]:
        // worst case a few 1e-7; 1e-5 leaves a wide margin while still catching any indexing or kernel error (>1e-3).
        Assert.Equal(ScalarType.Float32, actual.dtype);
        Assert.True((actual.to_type(ScalarType.Float64) - Expected(k, scale)).abs().max().item<double>() < 1e-5);
    }

    [Fact]
    public void Imresize_IsBatchedAndEqualsPerImageResults()
    {
        using var scope = NewDisposeScope();
        var batch = stack(new[] { Input(0), Input(0).flip(2) });
        var together = MatlabResize.Imresize(batch, 0.25);
        Assert.Equal(new long[] { 2, 3, 6, 8 }, together.shape);
        Assert.True(together[0].allclose(MatlabResize.Imresize(Input(0), 0.25)));
        Assert.True(together[1].allclose(MatlabResize.Imresize(Input(0).flip(2), 0.25)));
    }

    [Fact]
    public void Imresize_QuarterThenFour_KeepsSizeOfMultipleOfFour()
    {
        using var scope = NewDisposeScope();
        var hr = rand(1, 3, 40, 56);
        Assert.Equal(hr.shape, MatlabResize.Imresize(MatlabResize.Imresize(hr, 0.25), 4).shape);
    }

    [Fact]
    public void Imresize_ExplicitSize_UsesPerDimensionScale()
    {
        using var scope = NewDisposeScope();
        var x = Input(0).to_type(ScalarType.Float64);
        // 24x32 -> 6x8 is scale 0.25 in both dimensions: the same as the scale overload.
        Assert.True(MatlabResize.Imresize(x, 6, 8).allclose(Expected(0, 0.25), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void WeightMatrix_RowsSumToOne()
    {
        var m = MatlabResize.WeightMatrix(17, 5, 0.3);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, 17).Sum(j => m[i, j]), 12);
        }
    }

    [Fact]
    public void Imresize_RejectsBadInput()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => MatlabResize.Imresize(rand(3, 8, 8), 0)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => MatlabResize.Imresize(rand(3, 8, 8), -2)).ParamName);
        Assert.Equal("image", Assert.Throws<ArgumentException>(() => MatlabResize.Imresize(rand(8, 8), 0.5)).ParamName);
        Assert.Equal("image", Assert.Throws<ArgumentException>(() => MatlabResize.Imresize(ones(new long[] { 3, 8, 8 }, ScalarType.Int32), 0.5)).ParamName);
    }
}
