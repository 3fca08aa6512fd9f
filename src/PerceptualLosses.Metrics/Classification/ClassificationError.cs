using System;
using System.Collections.Generic;
using PerceptualLosses.Attacks;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>
/// Classification error of a classifier on a set of (reconstructed) images — the judge of the paper's Figure 1, after
/// Sajjadi et al.'s argument that a classifier's error on upscaled images tracks their perceived quality.
/// </summary>
/// <remarks>
/// Images are <c>[B,3,H,W]</c> in [0,1] (the classifier carries its own normalisation); labels int64 <c>[B]</c>. With a
/// judge attack, each batch is first perturbed (untargeted, against the true labels), giving the error of
/// a "PGD judge". The classifier's mode is restored; no gradient reaches its parameters.
/// </remarks>
public static class ClassificationError
{
    /// <summary>Counts wrong top-1 predictions over all batches.</summary>
    /// <param name="classifier">Maps images to logits <c>[B,K]</c>.</param>
    /// <param name="batches">Images and labels.</param>
    /// <param name="judgeAttack">Optional attack applied before judging (e.g. PGD).</param>
    public static ClassificationErrorResult Compute(nn.Module<Tensor, Tensor> classifier, IEnumerable<(Tensor Images, Tensor Labels)> batches, IAttack? judgeAttack = null)
    {
        Guard.NotNull(classifier);
        Guard.NotNull(batches);
        long examples = 0, errors = 0;
        using (PerceptualLosses.Common.ModuleModes.Eval(classifier))
        {
            foreach (var (images, labels) in batches)
            {
                using var scope = NewDisposeScope();
                Guard.IsImageBatch(images, nameof(batches));
                Guard.InRange(images, 0, 1, nameof(batches));
                if (labels.dim() != 1 || labels.shape[0] != images.shape[0])
                {
                    throw new ArgumentException($"labels must be [B] with B = {images.shape[0]}; got [{Guard.Shape(labels)}].", nameof(batches));
                }

                var judged = images;
                if (judgeAttack is not null)
                {
                    using var result = judgeAttack.Perturb(classifier, images, AttackTarget.Untargeted(labels));
                    judged = result.Adversarial.clone();
                }

                using var noGrad = no_grad();
                var logits = classifier.call(judged);
                if (logits.dim() != 2 || logits.shape[0] != images.shape[0])
                {
                    throw new ArgumentException($"The classifier must return logits [B,K]; got [{Guard.Shape(logits)}].", nameof(classifier));
                }

                errors += logits.argmax(1).ne(labels.to(logits.device)).sum().item<long>();
                examples += images.shape[0];
            }
        }

        return new ClassificationErrorResult(examples, errors);
    }
}
