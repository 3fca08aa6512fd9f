using System;
using System.IO;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Imaging;

public class TorchResizeTests
{
    private static Tensor Bin(string name, ScalarType type, params long[] shape)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", name));
        if (type == ScalarType.Float32)
        {
            var f = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, f, 0, bytes.Length);
            return tensor(f).reshape(shape);
        }

        var d = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, d, 0, bytes.Length);
        return tensor(d).reshape(shape);
    }

    [Fact]
    public void AntialiasedBicubicQuarter_AgreesWithMatlabAwayFromBorders()
    {
        // PyTorch 1.13 gave 1e-16 here (Fixtures/Imaging/README.md); the kernels agree, only border handling differs.
        using var scope = NewDisposeScope();
        var input = Bin("imresize_input_0.bin", ScalarType.Float32, 3, 24, 32).to_type(ScalarType.Float64);
        var matlab = Bin("imresize_0_0.25.bin", ScalarType.Float64, 3, 6, 8);
        var torchStyle = TorchResize.Interpolate(input, 0.25, ResizeMethod.Bicubic, antialias: true);
        Assert.Equal(matlab.shape, torchStyle.shape);
        var interior = (torchStyle - matlab).narrow(1, 2, 2).narrow(2, 2, 4).abs().max().item<double>();
        Assert.True(interior < 1e-9, $"interior difference {interior}");
        Assert.True((torchStyle - matlab).abs().max().item<double>() > 1e-3, "borders must differ: PyTorch clamps, MATLAB mirrors");
    }

    [Fact]
    public void Nearest_DoublesEveryPixel()
    {
        using var scope = NewDisposeScope();
        var x = arange(6, dtype: ScalarType.Float32).reshape(1, 2, 3);
        var y = TorchResize.Interpolate(x, 2, ResizeMethod.Nearest);
        Assert.Equal(new long[] { 1, 4, 6 }, y.shape);
        Assert.Equal(4f, y[0, 2, 2].item<float>());
    }

    [Fact]
    public void Interpolate_RejectsOptionsThatNearestIgnores()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => TorchResize.Interpolate(rand(3, 4, 4), 2, ResizeMethod.Nearest, antialias: true));
    }
}
