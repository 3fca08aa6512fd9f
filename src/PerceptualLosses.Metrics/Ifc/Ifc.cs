using System;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Information fidelity criterion, per image.</summary>
/// <remarks>
/// H. R. Sheikh, A. C. Bovik, G. de Veciana, "An information fidelity criterion for image quality assessment using
/// natural scene statistics", IEEE TIP 14(12), 2005, doi:10.1109/TIP.2005.859389. Reference implementation:
/// <c>ifcvec.m</c> with <c>distsub_est_m.m</c>, <c>refparams_vecgsm.m</c>, <c>ind2wtree.m</c> (as in jbhuang0604/SelfExSR
/// quant_eval/ifcvec_release), on our own <see cref="SteerablePyramid"/>:
/// 4 levels of sp5Filters with 'reflect1' borders; the 0° and 90° bands of every level (ifcvec's subbands 4 … 25);
/// GSM vectors of M×M = 3×3 coefficients; C_U = covariance of all overlapping vectors (divisor N), λ_j its eigenvalues;
/// s² = yᵀC_U⁻¹y/9 on non-overlapping blocks; gain g and noise variance σ_v² from a box window of side
/// 2^lev + 1 (lev = 1 for the coarsest level … 4 for the finest, ifcvec's <c>ceil((sub−1)/6)</c>), evaluated at the block
/// centres, with the reference's special cases (tolerance 1e-15); border blocks within the window's reach are dropped;
/// IFC = Σ_bands Σ_blocks Σ_j log2(1 + g² s² λ_j / (σ_v² + 1e-10)) divided by the pixel count (after shave).
/// The images are scaled to [0,255] as the reference. For <see cref="ColorMode.Rgb"/> each channel is scored and averaged.
/// Computed in float64 on the input's device whatever <see cref="MetricOptions.Precision"/> says (in float32 the
/// fixtures' IFC is off by up to 2.1e-5 relative, above the 1e-5 that <see cref="MetricPrecision.Fast"/> allows); differentiable (gradients flow through the pyramid, the eigenvalues of
/// the block covariance and the gain/noise estimates, piecewise where the reference switches cases).
/// IFC has no fixed ideal value: IFC(x, x) is the information content of x (it grows with texture and image size),
/// and any distortion lowers it (the fixture test checks IFC(x, x) &gt; IFC(distorted, x)).
/// Arguments are (prediction, target) as for every metric and loss; IFC is the one metric here where the order changes the value.
/// Images need at least 72 pixels per side (buildSpyr's maxPyrHt for 4 levels of a 9-tap filter).
/// </remarks>
public static class Ifc
{
    /// <summary>Name used as JSON/CSV key.</summary>
    public const string Name = "ifc";

    /// <summary>Pyramid levels of ifcvec.m.</summary>
    public const int Levels = 4;

    /// <summary>Side of the GSM block (M in ifcvec.m).</summary>
    public const int BlockSize = 3;

    /// <summary>Smallest image side: 4 levels of floor-halving must keep ≥ 9 samples.</summary>
    public const int MinSize = 72;

    /// <summary>Orientations used at every level: 0° (band 1 of sp5Filters) and 90° (band 4).</summary>
    private static readonly int[] OrientationsUsed = { 0, 3 };

    private const double VarianceTolerance = 1e-15;
    private const double NoiseFloor = 1e-10;

    /// <summary>
    /// IFC of each image pair: the information <paramref name="prediction"/> carries about <paramref name="target"/>
    /// (Sheikh et al. 2005: the target is the natural-scene source, the prediction its distorted channel output).
    /// Not symmetric: swapping the arguments gives another number.
    /// </summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c> in [0, DataRange]: ifcvec's <c>dis</c>.</param>
    /// <param name="target">Target (reference) images, same shape: ifcvec's <c>ref</c>.</param>
    /// <param name="options">Preparation options (default: RGB in [0,1]).</param>
    /// <returns><c>[B]</c> float64 values ≥ 0.</returns>
    public static Tensor Compute(Tensor prediction, Tensor target, MetricOptions? options = null) =>
        ComputeIn(prediction, target, options, ScalarType.Float64);

    /// <summary>IFC computed in <paramref name="dtype"/> (float64 for the public API; float32 only to measure its error).</summary>
    internal static Tensor ComputeIn(Tensor prediction, Tensor target, MetricOptions? options, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var p = MetricInput.Prepare(prediction, target, options ?? MetricOptions.Default, Name, MinSize);
        return Score(new PreparedImages(p.Prediction.to_type(dtype), p.Target.to_type(dtype))).MoveToOuterDisposeScope();
    }

    /// <summary>IFC of images already prepared (float64 by <see cref="Compute"/> and <see cref="MetricSuite"/>), in their dtype.</summary>
    internal static Tensor Score(PreparedImages p)
    {
        var dtype = p.Target.dtype;
        long batch = p.Target.shape[0], channels = p.Target.shape[1], height = p.Target.shape[2], width = p.Target.shape[3];
        var x = p.Target.reshape(batch * channels, 1, height, width);
        var y = p.Prediction.reshape(batch * channels, 1, height, width);

        // One pyramid pass over reference and distorted together, and only the two orientations IFC reads.
        var pyramid = new SteerablePyramid(dtype, x.device);
        long n = batch * channels;
        var levels = pyramid.BuildOrientedBands(cat(new[] { x, y }, 0), Levels, OrientationsUsed);
        var total = zeros(n, dtype: dtype, device: x.device);
        for (int level = 0; level < Levels; level++)
        {
            int windowSize = (1 << (Levels - level)) + 1;
            for (int o = 0; o < OrientationsUsed.Length; o++)
            {
                var band = levels[level].narrow(1, o, 1);
                total += BandInformation(band.narrow(0, 0, n), band.narrow(0, n, n), windowSize);
            }
        }

        return (total / (height * width)).reshape(batch, channels).mean(new long[] { 1 });
    }

    /// <summary>Σ_blocks Σ_j log2(1 + g² s² λ_j / (σ_v² + 1e-10)) of one band, per image: <c>[N]</c>.</summary>
    private static Tensor BandInformation(Tensor reference, Tensor distorted, int windowSize)
    {
        long n = reference.shape[0];
        long h = reference.shape[2] / BlockSize * BlockSize;
        long w = reference.shape[3] / BlockSize * BlockSize;
        var yr = reference[.., .., ..(int)h, ..(int)w];
        var yd = distorted[.., .., ..(int)h, ..(int)w];

        // Reference GSM parameters (refparams_vecgsm.m).
        var all = nn.functional.unfold(yr, BlockSize);                                  // [N, 9, L] overlapping vectors
        var centred = all - all.mean(new long[] { 2 }, keepdim: true);
        var cu = centred.matmul(centred.transpose(1, 2)) / all.shape[2];                  // [N, 9, 9]
        var blocks = nn.functional.unfold(yr, BlockSize, stride: BlockSize);            // [N, 9, nb] non-overlapping
        var s2 = (linalg.inv(cu).matmul(blocks) * blocks).sum(1) / (BlockSize * BlockSize); // [N, nb]
        var lambda = linalg.eigvalsh(cu);                                                // [N, 9]

        // Distortion channel (distsub_est_m.m): window sums at block centres.
        double count = windowSize * windowSize;
        // corrDn(t, ones(w), 'reflect1', [M M], [floor(M/2)+1 ...]) for all five moments at once: 'reflect' padding, then
        // two strided 1-D box passes that start at the first block centre, so only the block centres are computed.
        long pad = windowSize / 2;
        var moments = cat(new[] { yr, yd, yr * yd, yr * yr, yd * yd }, 1);
        var padded = nn.functional.pad(moments, new[] { pad, pad, pad, pad }, TorchSharp.PaddingModes.Reflect);
        long start = BlockSize / 2;
        padded = padded.narrow(2, start, padded.shape[2] - start).narrow(3, start, padded.shape[3] - start);
        var flat = padded.reshape(n * 5, 1, padded.shape[2], padded.shape[3]);
        var box = ones(windowSize, dtype: yr.dtype, device: yr.device);
        flat = nn.functional.conv2d(flat, box.reshape(1, 1, windowSize, 1), strides: new long[] { BlockSize, 1 });
        flat = nn.functional.conv2d(flat, box.reshape(1, 1, 1, windowSize), strides: new long[] { 1, BlockSize });
        var sums = flat.reshape(n, 5, flat.shape[2], flat.shape[3]).chunk(5, 1);
        var meanX = sums[0] / count;
        var meanY = sums[1] / count;
        var cov = sums[2] - count * meanX * meanY;
        var ssX = (sums[3] - count * meanX * meanX).clamp_min(0);
        var ssY = (sums[4] - count * meanY * meanY).clamp_min(0);

        var g = cov / (ssX + VarianceTolerance);
        var vv = (ssY - g * cov) / count;
        var flatX = ssX < VarianceTolerance;
        g = g.masked_fill(flatX, 0);
        vv = where(flatX, ssY, vv);
        var flatY = ssY < VarianceTolerance;
        g = g.masked_fill(flatY, 0);
        vv = vv.masked_fill(flatY, 0);
        var negative = g < 0;
        vv = where(negative, ssY, vv);
        g = g.masked_fill(negative, 0);
        vv = vv.masked_fill(vv <= VarianceTolerance, VarianceTolerance);

        // Drop border blocks the window reaches past (ifcvec.m: offset = ceil(((win-1)/2)/M)).
        int offset = (int)Math.Ceiling((windowSize - 1) / 2.0 / BlockSize);
        long rows = h / BlockSize, cols = w / BlockSize;
        Tensor Inner(Tensor t) => t.reshape(n, rows, cols)[.., offset..(int)(rows - offset), offset..(int)(cols - offset)].reshape(n, -1, 1);
        var term = Inner(g).square() * Inner(s2) / (Inner(vv) + NoiseFloor);               // [N, k, 1]
        return (1 + term * lambda.unsqueeze(1)).log2().sum(new long[] { 1, 2 });
    }
}
