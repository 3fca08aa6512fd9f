using System;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>
/// T: patch-wise texture matching loss of Sajjadi, Schölkopf &amp; Hirsch, "EnhanceNet" (ICCV 2017, §4.2.3;
/// the paper's Eq. 2): 1/(k·c²) · Σᵢ ‖G(xᵢ) − G(yᵢ)‖²_F over the k non-overlapping patches of one layer's feature map,
/// averaged over the batch.
/// </summary>
/// <remarks>
/// Fully batched: the map is reshaped to <c>[B·k, c, p·p]</c> and all Gram matrices come from one <c>bmm</c>.
/// Works on CPU and CUDA, in float32 and, where libtorch's <c>bmm</c> supports it, float16/bfloat16.
/// See <see cref="TextureOptions"/> for patch size, partial patches and Gram scaling.
/// </remarks>
public static class TextureMatchingLoss
{
    /// <summary>Gram matrices of every patch: <c>[B,c,h,w]</c> → <c>[B, k, c, c]</c> with k = ⌊h/p⌋·⌊w/p⌋ in row-major patch order.</summary>
    /// <param name="features">Feature maps <c>[B,c,h,w]</c>.</param>
    /// <param name="options">Patch size and Gram scaling.</param>
    /// <param name="layer">Layer name, used in error messages.</param>
    public static Tensor PatchGram(Tensor features, TextureOptions options, string layer = "features")
    {
        Guard.IsImageBatch(features);
        Guard.NotNull(options);
        options.Validate();
        long b = features.shape[0], c = features.shape[1], h = features.shape[2], w = features.shape[3];
        int p = options.PatchSize;
        if (h < p || w < p)
        {
            throw new ArgumentException(
                $"Feature map of layer {layer} is {h}x{w}, smaller than one {p}x{p} texture patch; use larger images or a smaller PatchSize.",
                nameof(features));
        }

        long rows = h / p, cols = w / p;
        using var scope = NewDisposeScope();
        var patches = features
            .narrow(2, 0, rows * p).narrow(3, 0, cols * p)
            .reshape(b, c, rows, p, cols, p)
            .permute(0, 2, 4, 1, 3, 5)
            .reshape(b * rows * cols, c, p * p);
        var gram = patches.bmm(patches.transpose(1, 2));
        if (options.Normalization == GramNormalization.PatchArea)
        {
            gram = gram / (double)(p * p);
        }

        return gram.reshape(b, rows * cols, c, c).MoveToOuterDisposeScope();
    }

    /// <summary>Loss between feature maps <c>[B,c,h,w]</c> of prediction and target: mean over B, k, c, c of (G(x) − G(y))².</summary>
    public static Tensor Compute(Tensor predictionFeatures, Tensor targetFeatures, TextureOptions options, string layer = "features")
    {
        Guard.SameShape(predictionFeatures, targetFeatures);
        using var scope = NewDisposeScope();
        var gx = PatchGram(predictionFeatures, options, layer);
        var gy = PatchGram(targetFeatures, options, layer);
        return nn.functional.mse_loss(gx, gy, nn.Reduction.Mean).MoveToOuterDisposeScope();
    }

    /// <summary>Reference implementation looping over images and patches; for tests and benchmarks only.</summary>
    internal static Tensor ComputeWithLoops(Tensor predictionFeatures, Tensor targetFeatures, TextureOptions options)
    {
        long b = predictionFeatures.shape[0], c = predictionFeatures.shape[1];
        int p = options.PatchSize;
        long rows = predictionFeatures.shape[2] / p, cols = predictionFeatures.shape[3] / p;
        double scale = options.Normalization == GramNormalization.PatchArea ? 1.0 / (p * p) : 1.0;
        using var scope = NewDisposeScope();
        var total = zeros(1, dtype: predictionFeatures.dtype, device: predictionFeatures.device);
        for (long n = 0; n < b; n++)
        {
            for (long i = 0; i < rows; i++)
            {
                for (long j = 0; j < cols; j++)
                {
                    var fx = predictionFeatures[n].narrow(1, i * p, p).narrow(2, j * p, p).reshape(c, p * p);
                    var fy = targetFeatures[n].narrow(1, i * p, p).narrow(2, j * p, p).reshape(c, p * p);
                    var diff = fx.mm(fx.t()) * scale - fy.mm(fy.t()) * scale;
                    total = total + diff.pow(2).sum();
                }
            }
        }

        return (total / (double)(b * rows * cols * c * c)).squeeze().MoveToOuterDisposeScope();
    }
}
