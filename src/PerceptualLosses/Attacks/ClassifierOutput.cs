using System;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>Runs a classifier and checks it returned logits <c>[B, numClasses]</c>.</summary>
internal static class ClassifierOutput
{
    public static Tensor Logits(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var logits = model.call(input);
        if (logits.dim() != 2 || logits.shape[0] != input.shape[0])
        {
            throw new ArgumentException(
                $"model must return logits of shape [B, numClasses] = [{input.shape[0]}, C]; got [{Guard.Shape(logits)}].", nameof(model));
        }

        return logits;
    }

    /// <summary>Number of classes from one no-grad forward of the first example.</summary>
    public static long NumClasses(nn.Module<Tensor, Tensor> model, Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The one-image probe runs in eval mode: in train mode it would update batch-norm running statistics, and a batch of
        // one with 1×1 feature maps (ResNet's layer4 at 32×32) turns running_var into NaN.
        using var modes = PerceptualLosses.Common.ModuleModes.Eval(model);
        return Logits(model, images.narrow(0, 0, Math.Min(1, images.shape[0]))).shape[1];
    }
}
