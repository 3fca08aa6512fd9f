using System;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// Targeted difference-of-logits-ratio loss of APGD-T (Croce &amp; Hein 2020, Eq. 7; autopgd_base.py <c>dlr_loss_targeted</c>):
/// <c>−(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e-12)</c>, maximised. It is invariant to shifting and scaling the logits.
/// </summary>
/// <remarks>The <c>classes</c> argument of <see cref="Loss"/> holds the targets t; the true labels y are fixed at construction. Needs ≥ 4 classes.</remarks>
public sealed class TargetedDlrObjective : IAttackObjective
{
    private readonly Tensor _labels;

    /// <summary>Creates the loss for the true labels <paramref name="labels"/> (int64 <c>[B]</c>).</summary>
    public TargetedDlrObjective(Tensor labels) => _labels = Guard.NotNull(labels);

    /// <inheritdoc />
    public Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor input, Tensor classes)
    {
        Guard.NotNull(model);
        using var scope = NewDisposeScope();
        var logits = ClassifierOutput.Logits(model, input);
        if (logits.shape[1] < 4)
        {
            throw new ArgumentException($"The targeted DLR loss needs at least 4 classes; the model returns {logits.shape[1]}.", nameof(model));
        }

        var sorted = logits.sort(1).Values;
        long c = logits.shape[1];
        var zy = logits.gather(1, _labels.unsqueeze(1)).squeeze(1);
        var zt = logits.gather(1, classes.unsqueeze(1)).squeeze(1);
        var denominator = sorted[.., c - 1] - (sorted[.., c - 3] + sorted[.., c - 4]) * 0.5 + ApgdOptions.Stabilizer;
        return (-(zy - zt) / denominator).MoveToOuterDisposeScope();
    }
}
