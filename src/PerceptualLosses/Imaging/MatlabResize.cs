using System;
using System.Collections.Concurrent;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>
/// MATLAB-compatible bicubic <c>imresize</c> as batched tensor operations (two matrix products), on CPU or CUDA.
/// </summary>
/// <remarks>
/// Follows MathWorks' <c>imresize.m</c> (the <c>contributions</c> routine; the same maths as BasicSR
/// <c>utils/matlab_functions.py</c>): cubic kernel with a = −0.5; when shrinking with antialiasing (MATLAB's default)
/// the kernel is widened to h(x) = s·k(s·x) with width 4/s; output size ⌈s·n⌉; output pixel x (1-based) samples input
/// position u = x/s + ½(1 − 1/s); taps ⌊u − w/2⌋ … +⌈w⌉+1; weights normalised per output pixel; indices outside the
/// image mirrored (symmetric padding); all-zero tap columns removed. The dimension with the smaller scale is resized
/// first (rows first on ties). Weights are computed in float64 and applied in the input's dtype. Unlike MATLAB on uint8
/// input, the intermediate result is not rounded: inputs here are float images.
/// </remarks>
public static class MatlabResize
{
    /// <summary>Width of the cubic kernel's support.</summary>
    public const double KernelWidth = 4.0;

    /// <summary>The cubic convolution parameter a of Keys (1981) that MATLAB uses.</summary>
    public const double CubicA = -0.5;

    private const int MaxCachedMatrices = 256;

    private static readonly ConcurrentDictionary<(int In, int Out, double Scale, bool Antialias), double[,]> Cache = new();

    /// <summary>
    /// Resizes <c>[C,H,W]</c> or <c>[B,C,H,W]</c> float images by <paramref name="scale"/> as
    /// <c>imresize(img, scale, 'bicubic')</c> does.
    /// </summary>
    /// <param name="image">Float image(s) on any device.</param>
    /// <param name="scale">Scale factor &gt; 0 (e.g. 0.25 or 4).</param>
    /// <param name="antialias">Widen the kernel when shrinking (MATLAB's default, true).</param>
    public static Tensor Imresize(Tensor image, double scale, bool antialias = true)
    {
        Guard.IsImage(image);
        Guard.Positive(scale);
        long h = image.shape[^2], w = image.shape[^1];
        int outH = OutputLength(h, scale, nameof(scale)), outW = OutputLength(w, scale, nameof(scale));
        return Resize(image, outH, outW, scale, scale, antialias);
    }

    /// <summary>Resizes to an explicit size, as <c>imresize(img, [rows cols], 'bicubic')</c> (per-dimension scale = out/in).</summary>
    public static Tensor Imresize(Tensor image, int rows, int columns, bool antialias = true)
    {
        Guard.IsImage(image);
        Guard.AtLeast(rows, 1);
        Guard.AtLeast(columns, 1);
        long h = image.shape[^2], w = image.shape[^1];
        return Resize(image, rows, columns, (double)rows / h, (double)columns / w, antialias);
    }

    /// <summary>
    /// The <c>[out, in]</c> matrix M with out = M·in along one dimension (float64; mirrored taps accumulate).
    /// </summary>
    public static double[,] WeightMatrix(int inLength, int outLength, double scale, bool antialias = true)
    {
        Guard.AtLeast(inLength, 1);
        Guard.AtLeast(outLength, 1);
        Guard.Positive(scale);
        if (Cache.Count > MaxCachedMatrices)
        {
            Cache.Clear(); // bounded: evaluation over many image sizes must not grow memory
        }

        return Cache.GetOrAdd((inLength, outLength, scale, antialias), key => Contributions(key.In, key.Out, key.Scale, key.Antialias));
    }

    /// <summary>The cubic kernel of Keys (1981) with a = −0.5, as MATLAB's <c>cubic</c>.</summary>
    public static double Cubic(double x)
    {
        double ax = Math.Abs(x), ax2 = ax * ax, ax3 = ax2 * ax;
        if (ax <= 1)
        {
            return ((CubicA + 2) * ax3) - ((CubicA + 3) * ax2) + 1;
        }

        if (ax <= 2)
        {
            return (CubicA * ax3) - (5 * CubicA * ax2) + (8 * CubicA * ax) - (4 * CubicA);
        }

        return 0;
    }

    private static Tensor Resize(Tensor image, int outH, int outW, double scaleH, double scaleW, bool antialias)
    {
        using var scope = NewDisposeScope();
        bool batched = image.dim() == 4;
        var x = batched ? image : image.unsqueeze(0);
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var planes = x.reshape(b * c, h, w);
        var rows = Matrix(WeightMatrix((int)h, outH, scaleH, antialias), image);
        var cols = Matrix(WeightMatrix((int)w, outW, scaleW, antialias), image);
        // MATLAB resizes the dimension with the smaller scale first (rows on ties).
        Tensor result = scaleH <= scaleW
            ? cols.matmul(rows.matmul(planes).transpose(1, 2)).transpose(1, 2)
            : rows.matmul(cols.matmul(planes.transpose(1, 2)).transpose(1, 2));
        result = result.reshape(b, c, outH, outW);
        return (batched ? result : result.squeeze(0)).MoveToOuterDisposeScope();
    }

    private static Tensor Matrix(double[,] weights, Tensor like) =>
        tensor(weights, dtype: ScalarType.Float64).to(like.dtype).to(like.device);

    private static int OutputLength(long length, double scale, string name)
    {
        double exact = Math.Ceiling(scale * length);
        if (exact < 1)
        {
            throw new ArgumentOutOfRangeException(name, scale, $"{name} {scale} turns {length} pixels into fewer than one.");
        }

        return checked((int)exact);
    }

    private static double[,] Contributions(int inLength, int outLength, double scale, bool antialias)
    {
        bool widen = scale < 1 && antialias;
        double width = widen ? KernelWidth / scale : KernelWidth;
        int taps = (int)Math.Ceiling(width) + 2;
        var matrix = new double[outLength, inLength];
        var weights = new double[taps];
        for (int i = 0; i < outLength; i++)
        {
            double u = ((i + 1) / scale) + (0.5 * (1 - (1 / scale)));
            double left = Math.Floor(u - (width / 2));
            double sum = 0;
            for (int j = 0; j < taps; j++)
            {
                double distance = u - (left + j);
                weights[j] = widen ? scale * Cubic(scale * distance) : Cubic(distance);
                sum += weights[j];
            }

            for (int j = 0; j < taps; j++)
            {
                // Mirror 1-based index into [1, n] as MATLAB's aux = [1:n, n:-1:1].
                long index = (long)left + j;
                long period = 2L * inLength;
                long m = (((index - 1) % period) + period) % period;
                int source = (int)(m < inLength ? m : period - 1 - m);
                matrix[i, source] += weights[j] / sum;
            }
        }

        return matrix;
    }
}
