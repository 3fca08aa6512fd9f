using System;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Depthwise 2-D filtering in the MATLAB conventions the reference metrics use.</summary>
internal static class Filtering
{
    /// <summary>MATLAB <c>fspecial('gaussian', size, sigma)</c> as its normalised 1-D factor: the 2-D window is its outer product.</summary>
    public static Tensor Gaussian1D(int size, double sigma, ScalarType dtype, Device device)
    {
        var coords = arange(size, dtype: ScalarType.Float64) - ((size - 1) / 2.0);
        var g = (-(coords * coords) / (2 * sigma * sigma)).exp();
        return (g / g.sum()).to(dtype, device);
    }

    /// <summary>
    /// <c>filter2(outer(k, k), x, 'valid')</c> for a separable kernel, as two 1-D passes on every channel of <c>[B,C,H,W]</c>
    /// (channels folded into the batch so libtorch uses its dense convolution path, not the slower depthwise one).
    /// </summary>
    public static Tensor CorrelateValidSeparable(Tensor x, Tensor kernel1D)
    {
        long b = x.shape[0], c = x.shape[1], k = kernel1D.shape[0];
        var flat = x.reshape(b * c, 1, x.shape[2], x.shape[3]);
        var kern = kernel1D.to(x.dtype, x.device);
        flat = nn.functional.conv2d(flat, kern.reshape(1, 1, k, 1));
        flat = nn.functional.conv2d(flat, kern.reshape(1, 1, 1, k));
        return flat.reshape(b, c, flat.shape[2], flat.shape[3]);
    }

    /// <summary>
    /// MATLAB <c>filter2(kernel, x, 'valid')</c> (correlation, no padding) applied to each channel of <c>[B,C,H,W]</c>.
    /// </summary>
    public static Tensor CorrelateValid(Tensor x, Tensor kernel, long stride = 1)
    {
        long channels = x.shape[1];
        var weight = kernel.to(x.dtype, x.device).expand(channels, 1, kernel.shape[0], kernel.shape[1]);
        return nn.functional.conv2d(x, weight, strides: new[] { stride, stride }, groups: channels);
    }

    /// <summary>MATLAB <c>conv2(x, kernel, 'same')</c> (true convolution, zero padding) for an odd square kernel.</summary>
    public static Tensor ConvolveSameZero(Tensor x, Tensor kernel)
    {
        if (kernel.shape[0] % 2 == 0)
        {
            throw new ArgumentException("odd kernel expected", nameof(kernel));
        }

        long pad = kernel.shape[0] / 2;
        return CorrelateValid(nn.functional.pad(x, new[] { pad, pad, pad, pad }), kernel.flip(0, 1));
    }

    /// <summary>
    /// Pads with MATLAB's <c>'symmetric'</c> rule (the edge sample is repeated: <c>c b a | a b c | c b</c>), by index gathering
    /// so the result stays differentiable.
    /// </summary>
    public static Tensor PadSymmetric(Tensor x, long before, long after)
    {
        x = x.index_select(2, SymmetricIndices(x.shape[2], before, after, x.device));
        return x.index_select(3, SymmetricIndices(x.shape[3], before, after, x.device));
    }

    private static Tensor SymmetricIndices(long n, long before, long after, Device device)
    {
        var idx = new long[n + before + after];
        for (long i = 0; i < idx.Length; i++)
        {
            long j = i - before;
            long period = 2 * n;
            j = ((j % period) + period) % period;
            idx[i] = j < n ? j : period - 1 - j;
        }

        return tensor(idx, device: device);
    }
}
