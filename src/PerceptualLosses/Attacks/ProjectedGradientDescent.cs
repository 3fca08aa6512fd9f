using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// Projected gradient descent (Madry et al., "Towards Deep Learning Models Resistant to Adversarial Attacks", ICLR 2018),
/// following MadryLab <c>robustness</c> (robustness/attacker.py, <c>Attacker.forward</c>) step for step.
/// </summary>
/// <remarks>
/// <para>Each iteration: <c>x ← x.detach().requires_grad_()</c>; per-example objective <c>ℓ</c>; gradient of
/// <c>m·mean(ℓ)</c> with <c>m = +1</c> (untargeted) or <c>−1</c> (targeted); under no-grad, record the best iterate
/// (when <see cref="PgdOptions.UseBest"/>), then <c>x ← Project(Step(x, g))</c> (<see cref="L2Step"/>, <see cref="LinfStep"/>).</para>
/// <para><c>use_best</c> as robustness' <c>replace_best</c>: per example keep the iterate whose <c>m·ℓ</c> is largest among
/// all iterates at which ℓ was evaluated, including the final one (one extra forward); ties keep the earlier iterate.</para>
/// <para>Restarts (<see cref="PgdOptions.Restarts"/> &gt; 1): the attack runs that many times and, per example, the last run that
/// succeeds replaces the first run's result, as robustness. Deviations: each run of a multi-restart attack starts randomly
/// (identical deterministic runs would be pointless), and "success" for a targeted attack is prediction = target (robustness
/// compares the prediction with its <c>target</c> argument both ways).</para>
/// <para>Inputs in [0,1]; ε in pixel space; the model is in eval mode with frozen parameters during the attack.</para>
/// </remarks>
public sealed class ProjectedGradientDescent : IAttack
{
    /// <summary>Creates the attack.</summary>
    public ProjectedGradientDescent(PgdOptions options)
    {
        Options = Guard.NotNull(options);
        options.Validate();
    }

    /// <summary>The options.</summary>
    public PgdOptions Options { get; }

    /// <summary>When set, receives every iterate <c>x_k</c> (k = 0..K, after projection) of each run, detached; used for parity tests and debugging.</summary>
    public Action<int, Tensor>? IterateObserver { get; init; }

    /// <summary>Builds the step geometry for an original batch.</summary>
    /// <param name="norm">Threat model.</param>
    /// <param name="origin">Original images.</param>
    /// <param name="epsilon">Radius ε.</param>
    /// <param name="stepSize">Step α.</param>
    /// <param name="l2Start">Random-start distribution of the L2 step.</param>
    public static IAttackStep CreateStep(AttackNorm norm, Tensor origin, double epsilon, double stepSize, L2RandomStart l2Start = L2RandomStart.RenormedUniform) => norm switch
    {
        AttackNorm.L2 => new L2Step(origin, epsilon, stepSize, l2Start),
        AttackNorm.Linf => new LinfStep(origin, epsilon, stepSize),
        _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "norm must be L2 or Linf."),
    };

    /// <inheritdoc />
    public AttackResult Perturb(nn.Module<Tensor, Tensor> model, Tensor images, AttackTarget target, IAttackObjective? objective = null)
    {
        // The default objective checks the classes against the logits of the first step itself; a custom objective needs
        // the probe only when restarts compare predictions.
        bool crossEntropy = objective is null || objective is CrossEntropyObjective;
        AttackRunner.ValidateInputs(model, images, target, requireClassifier: !crossEntropy && Options.Restarts > 1);
        objective = crossEntropy ? new ClassCheckingCrossEntropy(target) : objective!;
        using var frozen = new FrozenModelScope(model);
        using var detached = images.detach();
        using var origin = detached.clone();
        var step = CreateStep(Options.Norm, origin, Options.Epsilon, Options.StepSize, Options.L2Start);
        var losses = new List<double>();

        int runs = Math.Max(1, Options.Restarts);
        if (runs == 1)
        {
            return new AttackResult(Run(model, origin, step, target, objective, Options.RandomStart, losses), losses);
        }

        Tensor result = Run(model, origin, step, target, objective, randomStart: true, losses);
        for (int r = 1; r < runs; r++)
        {
            using var scope = NewDisposeScope();
            var candidate = Run(model, origin, step, target, objective, randomStart: true, losses);
            var success = AttackRunner.Succeeded(model, candidate, target);
            var merged = AttackRunner.SelectPerExample(success, candidate, result).DetachFromDisposeScope();
            AttackRunner.Replace(ref result, merged);
        }

        return new AttackResult(result, losses);
    }

    private Tensor Run(nn.Module<Tensor, Tensor> model, Tensor origin, IAttackStep step, AttackTarget target, IAttackObjective objective, bool randomStart, List<double> losses)
    {
        double sign = target.Sign;
        Tensor x = randomStart ? step.RandomPerturb(origin).DetachFromDisposeScope() : origin.clone().DetachFromDisposeScope();
        Tensor? bestX = null;
        Tensor? bestLoss = null;
        try
        {
            for (int k = 0; k < Options.Steps; k++)
            {
                IterateObserver?.Invoke(k, x);
                using var scope = NewDisposeScope();
                var (loss, grad) = AttackRunner.LossAndGradient(model, objective, x, target.Classes, sign, k + 1);
                AttackRunner.Add(losses, loss);
                using var noGrad = no_grad();
                if (Options.UseBest)
                {
                    UpdateBest(ref bestX, ref bestLoss, x, loss, sign);
                }

                var next = step.Project(step.Step(x, grad)).DetachFromDisposeScope();
                AttackRunner.Replace(ref x, next);
            }

            IterateObserver?.Invoke(Options.Steps, x);
            if (!Options.UseBest)
            {
                var last = x;
                x = null!;
                return last;
            }

            using (var scope = NewDisposeScope())
            using (var noGrad = no_grad())
            {
                var finalLoss = AttackRunner.Evaluate(model, objective, x, target.Classes);
                UpdateBest(ref bestX, ref bestLoss, x, finalLoss, sign);
            }

            var best = bestX!;
            bestX = null;
            return best;
        }
        finally
        {
            x?.Dispose();
            bestX?.Dispose();
            bestLoss?.Dispose();
        }
    }

    /// <summary>robustness <c>replace_best</c>: replace where <c>m·best &lt; m·loss</c>.</summary>
    private static void UpdateBest(ref Tensor? bestX, ref Tensor? bestLoss, Tensor x, Tensor loss, double sign)
    {
        if (bestX is null || bestLoss is null)
        {
            bestX = x.detach().clone().DetachFromDisposeScope();
            bestLoss = loss.detach().clone().DetachFromDisposeScope();
            return;
        }

        using var scope = NewDisposeScope();
        var replace = (bestLoss * sign).lt(loss * sign);
        var newX = AttackRunner.SelectPerExample(replace, x, bestX).DetachFromDisposeScope();
        var newLoss = where(replace, loss, bestLoss).DetachFromDisposeScope();
        Tensor bx = bestX;
        Tensor bl = bestLoss;
        AttackRunner.Replace(ref bx, newX);
        AttackRunner.Replace(ref bl, newLoss);
        bestX = bx;
        bestLoss = bl;
    }
}
