using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// Auto-PGD (Croce &amp; Hein, "Reliable evaluation of adversarial robustness with an ensemble of diverse parameter-free
/// attacks", ICML 2020, Algorithm 1), written from fra31/auto-attack <c>autopgd_base.py</c> (<c>attack_single_run</c>).
/// Untargeted with the default objective: APGD-CE. Targeted with the default objective: APGD-T with the targeted DLR loss
/// <c>−(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e-12)</c>, which needs the true labels and ≥ 4 classes.
/// </summary>
/// <remarks>
/// <para>Random start in the ball; step η = 2ε per example; momentum 0.75 (none at the first step); projection onto the
/// ε-ball ∩ [0,1]. At checkpoints (first after 0.22N iterations, intervals shrinking by 0.03N down to 0.06N) an example's
/// step is halved and it restarts from its best point when its loss increased in at most ρ·k of the last k steps, or when
/// its step was not halved at the previous checkpoint and its best loss did not improve since.</para>
/// <para>As autopgd_base.py, the oscillation count at the first checkpoint compares the first loss with a zero entry.</para>
/// <para>Result per example: the first point that fooled the model (untargeted: prediction ≠ label; targeted:
/// prediction = target) over all restarts, otherwise the highest-loss point of the first run. AutoAttack returns the clean
/// input for unfooled points; we return the strongest point found instead, so that the result is usable as an attack.</para>
/// </remarks>
public sealed class AutoProjectedGradientDescent : IAttack
{
    /// <summary>Creates the attack.</summary>
    public AutoProjectedGradientDescent(ApgdOptions options)
    {
        Options = Guard.NotNull(options);
        options.Validate();
    }

    /// <summary>The options.</summary>
    public ApgdOptions Options { get; }

    /// <inheritdoc />
    public AttackResult Perturb(nn.Module<Tensor, Tensor> model, Tensor images, AttackTarget target, IAttackObjective? objective = null)
    {
        // Untargeted with the default objective, the first step's logits check the labels (no separate probe forward).
        bool checkAtFirstStep = objective is null && target.Kind == AttackTargetKind.Untargeted;
        AttackRunner.ValidateInputs(model, images, target, requireClassifier: !checkAtFirstStep);
        IAttackObjective loss;
        double sign = 1.0;
        if (objective is not null)
        {
            loss = objective;
            sign = target.Sign;
        }
        else if (target.Kind == AttackTargetKind.Targeted)
        {
            var labels = target.TrueLabels ?? throw new ArgumentException(
                "APGD-T (targeted DLR loss) needs the true labels: use AttackTarget.Targeted(targets, trueLabels).", nameof(target));
            loss = new TargetedDlrObjective(labels);
        }
        else
        {
            loss = new ClassCheckingCrossEntropy(target);
        }

        using var frozen = new FrozenModelScope(model);
        using var detached = images.detach();
        using var origin = detached.clone();
        var losses = new List<double>();
        Tensor result = origin.clone().DetachFromDisposeScope();
        Tensor fooled = zeros(images.shape[0], dtype: ScalarType.Bool, device: images.device).DetachFromDisposeScope();
        try
        {
            for (int r = 0; r < Options.Restarts; r++)
            {
                var (best, bestAdv, success) = RunOnce(model, origin, target, loss, sign, losses);
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var take = r == 0 ? ones_like(fooled) : fooled.logical_not();
                var merged = AttackRunner.SelectPerExample(take.logical_and(success), bestAdv, r == 0 ? best : result).DetachFromDisposeScope();
                AttackRunner.Replace(ref result, merged);
                AttackRunner.Replace(ref fooled, fooled.logical_or(success).DetachFromDisposeScope());
                best.Dispose();
                bestAdv.Dispose();
                success.Dispose();
            }

            var output = result;
            result = null!;
            return new AttackResult(output, losses);
        }
        finally
        {
            result?.Dispose();
            fooled.Dispose();
        }
    }

    private (Tensor Best, Tensor BestAdv, Tensor Success) RunOnce(
        nn.Module<Tensor, Tensor> model, Tensor x, AttackTarget target, IAttackObjective objective, double sign, List<double> losses)
    {
        int n = Options.Steps;
        int k = Math.Max((int)(ApgdOptions.FirstCheckpointFraction * n), 1);
        int minInterval = Math.Max((int)(ApgdOptions.MinimumIntervalFraction * n), 1);
        int decrease = Math.Max((int)(ApgdOptions.IntervalDecreaseFraction * n), 1);
        double eps = Options.Epsilon;
        long batch = x.shape[0];
        var lossSteps = new List<Tensor>();
        RunState? state = null;
        try
        {
            using (var scope = NewDisposeScope())
            {
                Tensor start;
                using (var noGrad = no_grad())
                {
                    start = Options.Norm == AttackNorm.L2
                        ? x + Normalize(randn_like(x)) * eps
                        : x + Normalize(rand_like(x) * 2 - 1) * eps;
                    start = start.clamp(0.0, 1.0);
                }

                var (loss, grad) = AttackRunner.LossAndGradient(model, objective, start, target.Classes, sign, 0, sumReduction: true);
                var stepSize = full(new long[] { batch, 1, 1, 1 }, ApgdOptions.InitialStepFactor * eps, dtype: x.dtype, device: x.device);
                state = new RunState(start, grad, loss * sign, AttackRunner.Succeeded(model, start, target), stepSize);
            }

            int counter = 0;
            for (int i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                using (var noGrad = no_grad())
                {
                    var xAdv = state.X;
                    var momentumTerm = xAdv - state.XOld;
                    RunState.Set(ref state.XOld, xAdv.clone());
                    double a = i > 0 ? ApgdOptions.Momentum : 1.0;
                    Tensor z = Options.Norm == AttackNorm.L2
                        ? ProjectL2(x, xAdv + state.StepSize * Normalize(state.Grad), eps)
                        : ProjectLinf(x, xAdv + state.StepSize * state.Grad.sign(), eps);
                    var blended = xAdv + (z - xAdv) * a + momentumTerm * (1 - a);
                    RunState.Set(ref state.X, Options.Norm == AttackNorm.L2 ? ProjectL2(x, blended, eps) : ProjectLinf(x, blended, eps));
                }

                var (loss, newGrad) = AttackRunner.LossAndGradient(model, objective, state.X, target.Classes, sign, i + 1, sumReduction: true);
                AttackRunner.Add(losses, loss);
                using (var noGrad = no_grad())
                {
                    var signed = loss * sign;
                    RunState.Set(ref state.Grad, newGrad);
                    var succeededNow = AttackRunner.Succeeded(model, state.X, target);
                    RunState.Set(ref state.BestAdv, AttackRunner.SelectPerExample(succeededNow.logical_and(state.Success.logical_not()), state.X, state.BestAdv));
                    RunState.Set(ref state.Success, state.Success.logical_or(succeededNow));
                    lossSteps.Add(signed.clone().DetachFromDisposeScope());
                    var improved = signed.gt(state.LossBest);
                    RunState.Set(ref state.Best, AttackRunner.SelectPerExample(improved, state.X, state.Best));
                    RunState.Set(ref state.GradBest, AttackRunner.SelectPerExample(improved, newGrad, state.GradBest));
                    RunState.Set(ref state.LossBest, where(improved, signed, state.LossBest));

                    counter++;
                    if (counter == k)
                    {
                        var increases = zeros_like(signed);
                        for (int j = 0; j < k; j++)
                        {
                            var previous = i - j - 1 >= 0 ? lossSteps[i - j - 1] : zeros_like(signed);
                            increases = increases + lossSteps[i - j].gt(previous).to_type(signed.dtype);
                        }

                        var oscillating = increases.le(k * Options.Rho);
                        var noImprovement = state.ReducedLastCheck.logical_not().logical_and(state.LossBestLastCheck.ge(state.LossBest));
                        var reduce = oscillating.logical_or(noImprovement);
                        RunState.Set(ref state.ReducedLastCheck, reduce.clone());
                        RunState.Set(ref state.LossBestLastCheck, state.LossBest.clone());
                        RunState.Set(ref state.StepSize, where(reduce.reshape(batch, 1, 1, 1), state.StepSize / 2.0, state.StepSize));
                        RunState.Set(ref state.X, AttackRunner.SelectPerExample(reduce, state.Best, state.X));
                        RunState.Set(ref state.Grad, AttackRunner.SelectPerExample(reduce, state.GradBest, state.Grad));
                        k = Math.Max(k - decrease, minInterval);
                        counter = 0;
                    }
                }

                // Only the last k entries are ever read; drop older ones to keep memory flat.
                if (lossSteps.Count > k + decrease + 2)
                {
                    lossSteps[lossSteps.Count - k - decrease - 3].Dispose();
                }
            }

            return state.TakeResult();
        }
        finally
        {
            state?.Dispose();
            foreach (var t in lossSteps)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>
    /// The tensors one APGD run carries from step to step, outside any dispose scope (the attacks' idiom: detach the
    /// new value from the step's scope, then dispose the one it replaces); <see cref="Dispose"/> frees whatever is left.
    /// </summary>
    private sealed class RunState : IDisposable
    {
        // Fields, not properties: Set takes them by ref.
        public Tensor X;
        public Tensor XOld;
        public Tensor Grad;
        public Tensor GradBest;
        public Tensor Best;
        public Tensor BestAdv;
        public Tensor LossBest;
        public Tensor LossBestLastCheck;
        public Tensor ReducedLastCheck;
        public Tensor StepSize;
        public Tensor Success;

        /// <summary>The state before the first step: every tensor is copied out of the caller's scope.</summary>
        public RunState(Tensor start, Tensor grad, Tensor signedLoss, Tensor success, Tensor stepSize)
        {
            X = Keep(start.clone());
            XOld = Keep(start.clone());
            Best = Keep(start.clone());
            BestAdv = Keep(start.clone());
            Grad = Keep(grad.clone());
            GradBest = Keep(grad.clone());
            LossBest = Keep(signedLoss.clone());
            LossBestLastCheck = Keep(signedLoss.clone());
            Success = Keep(success.clone());
            StepSize = Keep(stepSize.clone());
            ReducedLastCheck = Keep(ones(start.shape[0], dtype: ScalarType.Bool, device: start.device));
        }

        /// <summary>Replaces <paramref name="field"/> by <paramref name="value"/>, which leaves the current dispose scope.</summary>
        public static void Set(ref Tensor field, Tensor value) => AttackRunner.Replace(ref field, Keep(value));

        /// <summary>Best, best adversarial and success tensors, now owned by the caller (not disposed with the state).</summary>
        public (Tensor Best, Tensor BestAdv, Tensor Success) TakeResult()
        {
            var result = (Best, BestAdv, Success);
            Best = BestAdv = Success = null!;
            return result;
        }

        public void Dispose()
        {
            foreach (var t in new[] { X, XOld, Grad, GradBest, Best, BestAdv, LossBest, LossBestLastCheck, ReducedLastCheck, StepSize, Success })
            {
                t?.Dispose();
            }
        }

        private static Tensor Keep(Tensor value) => value.DetachFromDisposeScope();
    }

    /// <summary>Per-example unit vector: L2 normalises by ‖t‖₂, L∞ by max|t| (autopgd_base.py <c>normalize</c>).</summary>
    private Tensor Normalize(Tensor t)
    {
        var flat = t.reshape(t.shape[0], -1);
        var norm = Options.Norm == AttackNorm.L2 ? flat.norm(1) : flat.abs().amax(1);
        return t / (norm.reshape(t.shape[0], 1, 1, 1) + ApgdOptions.Stabilizer);
    }

    private static Tensor ProjectL2(Tensor origin, Tensor x, double eps)
    {
        var delta = x - origin;
        var norm = L2Step.PerExampleNorm(delta);
        var unit = delta / (norm + ApgdOptions.Stabilizer);
        return (origin + unit * norm.clamp_max(eps)).clamp(0.0, 1.0);
    }

    private static Tensor ProjectLinf(Tensor origin, Tensor x, double eps) =>
        minimum(maximum(x, origin - eps), origin + eps).clamp(0.0, 1.0);
}
