using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// Rescales a VGG's conv weights and biases so that every ReLU channel's mean activation over an image set is 1
/// ("normalized VGG" of Gatys et al.), keeping the network equivalent up to per-channel positive factors.
/// </summary>
/// <remarks>
/// Gatys, Ecker and Bethge, "Image Style Transfer Using Convolutional Neural Networks", CVPR 2016, §2: "We normalized the
/// network by scaling the weights such that the mean activation of each convolutional filter over images and positions is
/// equal to one." Procedure as in corleypc/vgg-normalize (README): with m_l the per-channel mean ReLU
/// activation of conv layer l of the <em>original</em> network, W_l[o,i] ← W_l[o,i]·m_{l−1}[i]/m_l[o] and b_l[o] ← b_l[o]/m_l[o]
/// (m_0 = 1 for the input). ReLU, max pooling and average pooling commute with positive per-channel scaling, so layer l of the
/// result equals layer l of the original divided by m_l per channel, and its mean is exactly 1. The first classifier layer's
/// weights are multiplied by m_last of the matching input channel, so logits are unchanged.
/// The mean of a channel is taken over all positions of each image, then averaged over images (each image weighs the same).
/// Channels with mean 0 (dead on this image set) are left unscaled and reported. Batch-norm variants are rejected (the
/// scaling would have to be folded through the BN statistics).
/// </remarks>
public static class VggNormalization
{
    /// <summary>Normalizes <paramref name="model"/> in place.</summary>
    /// <param name="model">A VGG without batch norm.</param>
    /// <param name="images">Images <c>[3,H,W]</c> or batches <c>[B,3,H,W]</c> in the model's input convention, each at least 16×16 (relu5_x).</param>
    /// <returns>The means that were divided out and any dead channels.</returns>
    public static VggNormalizationReport Normalize(Vgg model, IEnumerable<Tensor> images)
    {
        Guard.NotNull(model);
        Guard.NotNull(images);
        if (model.Options.BatchNorm)
        {
            throw new ArgumentException("Feature-map normalization supports VGG without batch norm only.", nameof(model));
        }

        var reluNames = model.Layers.Taps.Where(t => t.Kind == VggTapKind.Relu).Select(t => t.Name).ToArray();
        var means = MeanActivations(model, images, reluNames, out int count);
        var convs = model.Convolutions;
        var dead = new List<string>();
        using (no_grad())
        {
            Tensor? previous = null;
            for (int l = 0; l < convs.Count; l++)
            {
                var m = means[reluNames[l]];
                var alive = m.gt(0);
                var aliveFlags = alive.data<bool>().ToArray();
                dead.AddRange(Enumerable.Range(0, aliveFlags.Length).Where(c => !aliveFlags[c]).Select(c => $"{reluNames[l]}[{c}]"));
                var divisor = where(alive, m, ones_like(m));
                var weight = convs[l].weight!;
                if (previous is not null)
                {
                    weight.mul_(previous.reshape(1, -1, 1, 1));
                }

                weight.div_(divisor.reshape(-1, 1, 1, 1));
                convs[l].bias?.div_(divisor);
                previous?.Dispose();
                previous = divisor;
            }

            if (model.ClassifierInput is Linear first && previous is not null)
            {
                // Flattened pool5 features are channel-major: input feature f belongs to channel f / (7·7).
                long perChannel = first.weight!.shape[1] / previous.numel();
                first.weight.mul_(previous.repeat_interleave(perChannel).reshape(1, -1));
            }

            previous?.Dispose();
        }

        var reported = means.ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray(), StringComparer.Ordinal);
        foreach (var t in means.Values)
        {
            t.Dispose();
        }

        return new VggNormalizationReport(count, reported, dead);
    }

    /// <summary>Per-channel mean of each tap over an image set: spatial mean per image, averaged over images.</summary>
    /// <param name="model">Network to run (not modified).</param>
    /// <param name="images">Images <c>[3,H,W]</c> or batches <c>[B,3,H,W]</c>.</param>
    /// <param name="layers">Tap names.</param>
    /// <param name="count">Number of images seen.</param>
    /// <returns>Tap name → <c>[C]</c> float32 CPU tensor.</returns>
    public static Dictionary<string, Tensor> MeanActivations(IFeatureExtractor model, IEnumerable<Tensor> images, IReadOnlyCollection<string> layers, out int count)
    {
        Guard.NotNull(model);
        Guard.NotNull(images);
        var sums = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        count = 0;
        foreach (var image in images)
        {
            Guard.IsImage(image, nameof(images));
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var batch = image.dim() == 3 ? image.unsqueeze(0) : image;
            var features = model.Features(batch, layers);
            foreach (var (name, f) in features)
            {
                var perImage = f.to_type(ScalarType.Float64).mean(new long[] { 2, 3 }).sum(dim: 0).cpu();
                if (sums.TryGetValue(name, out var sum))
                {
                    sum.add_(perImage);
                }
                else
                {
                    sums[name] = perImage.MoveToOuterDisposeScope();
                }
            }

            count += (int)batch.shape[0];
        }

        if (count == 0)
        {
            throw new ArgumentException("images must contain at least one image.", nameof(images));
        }

        int n = count;
        return sums.ToDictionary(kv => kv.Key, kv =>
        {
            var mean = kv.Value.div(n).to_type(ScalarType.Float32);
            kv.Value.Dispose();
            return mean;
        }, StringComparer.Ordinal);
    }
}
