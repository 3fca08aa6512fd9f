using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>Shared plumbing of the gradient attacks: input checks, objective evaluation, gradients and success tests.</summary>
internal static class AttackRunner
{
    /// <summary>Checks images and classes; returns the number of classes when the model is a classifier (default objective) or null.</summary>
    public static void ValidateInputs(nn.Module<Tensor, Tensor> model, Tensor images, AttackTarget target, bool requireClassifier)
    {
        Guard.NotNull(model);
        Guard.NotNull(target);
        Guard.IsImageBatch(images);
        Guard.InRange(images, 0.0, 1.0);
        if (images.shape[0] < 1)
        {
            throw new ArgumentException("images must contain at least one example.", nameof(images));
        }

        long numClasses = requireClassifier ? ClassifierOutput.NumClasses(model, images) : long.MaxValue;
        target.Validate(images.shape[0], numClasses);
    }

    /// <summary>Per-example objective <c>[B]</c> at <paramref name="x"/> and the gradient of <c>sign·mean(loss)</c> w.r.t. x.</summary>
    public static (Tensor Loss, Tensor Grad) LossAndGradient(
        nn.Module<Tensor, Tensor> model, IAttackObjective objective, Tensor x, Tensor classes, double sign, int step, bool sumReduction = false)
    {
        using var enable = enable_grad();
        using var input = x.detach().requires_grad_(true);
        var loss = Evaluate(model, objective, input, classes);
        var reduced = sumReduction ? loss.sum() : loss.mean();
        var grad = autograd.grad(new[] { reduced * sign }, new[] { input })[0];
        if (!grad.isfinite().all().item<bool>())
        {
            throw new InvalidOperationException(
                $"The attack objective produced a NaN or Inf input gradient at step {step}; the model or objective is not differentiable there.");
        }

        return (loss.detach(), grad.detach());
    }

    /// <summary>Per-example objective <c>[B]</c>, shape-checked.</summary>
    public static Tensor Evaluate(nn.Module<Tensor, Tensor> model, IAttackObjective objective, Tensor x, Tensor classes)
    {
        var loss = objective.Loss(model, x, classes);
        if (loss.dim() != 1 || loss.shape[0] != x.shape[0])
        {
            throw new ArgumentException($"objective must return a per-example loss of shape [{x.shape[0]}]; got [{Guard.Shape(loss)}].", nameof(objective));
        }

        return loss;
    }

    /// <summary>Bool <c>[B]</c>: the attack succeeded (untargeted: prediction ≠ label; targeted: prediction = target).</summary>
    public static Tensor Succeeded(nn.Module<Tensor, Tensor> model, Tensor x, AttackTarget target)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var prediction = ClassifierOutput.Logits(model, x).argmax(1);
        var success = target.Kind == AttackTargetKind.Targeted ? prediction.eq(target.Classes) : prediction.ne(target.Classes);
        return success.MoveToOuterDisposeScope();
    }

    /// <summary><c>where(mask, a, b)</c> with a per-example mask broadcast over the other dimensions.</summary>
    public static Tensor SelectPerExample(Tensor mask, Tensor a, Tensor b)
    {
        var shape = new long[a.dim()];
        Array.Fill(shape, 1L);
        shape[0] = a.shape[0];
        return where(mask.reshape(shape), a, b);
    }

    /// <summary>Replaces <paramref name="field"/> with <paramref name="value"/> and disposes the old tensor.</summary>
    public static void Replace(ref Tensor field, Tensor value)
    {
        var old = field;
        field = value;
        if (!ReferenceEquals(old, value))
        {
            old.Dispose();
        }
    }

    public static double Mean(Tensor loss) => loss.mean().to_type(ScalarType.Float64).item<double>();

    public static void Add(List<double> losses, Tensor loss)
    {
        using var scope = NewDisposeScope();
        losses.Add(Mean(loss));
    }
}
