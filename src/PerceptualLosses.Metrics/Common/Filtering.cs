using System;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics.Common;

/// <summary>Depthwise 2-D filtering in the MATLAB conventions the reference metrics use.</summary>
internal static class Filtering
{
    /// <summary>MATLAB <c>fspecial('gaussian', size, sigma)</c>: sampled Gaussian normalised to sum 1, shape <c>[size,size]</c>.</summary>
    public static Tensor Gaussian(int size, double sigma, ScalarType dtype, Device device)
    {
        var coords = arange(size, dtype: ScalarType.Float64) - ((size - 1) / 2.0);
        var g1 = (-(coords * coords) / (2 * sigma * sigma)).exp();
        var g = outer(g1, g1);
        return (g / g.sum()).to(dtype, device);
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
