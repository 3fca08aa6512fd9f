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
        AttackRunner.ValidateInputs(model, images, target, requireClassifier: true);
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
            loss = CrossEntropyObjective.Instance;
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
        var state = new Dictionary<string, Tensor>();
        void Set(string key, Tensor value)
        {
            value = value.DetachFromDisposeScope();
            if (state.TryGetValue(key, out var old) && !ReferenceEquals(old, value))
            {
                old.Dispose();
            }

            state[key] = value;
        }

        var lossSteps = new List<Tensor>();
        try
        {
            using (var scope = NewDisposeScope())
            using (var noGrad = no_grad())
            {
                Tensor start = Options.Norm == AttackNorm.L2
                    ? x + Normalize(randn_like(x)) * eps
                    : x + Normalize(rand_like(x) * 2 - 1) * eps;
                Set("x", start.clamp(0.0, 1.0));
            }

            Set("best", state["x"].clone());
            Set("bestAdv", state["x"].clone());
            using (var scope = NewDisposeScope())
            {
                var (loss, grad) = AttackRunner.LossAndGradient(model, objective, state["x"], target.Classes, sign, 0, sumReduction: true);
                Set("grad", grad);
                Set("gradBest", grad.clone());
                Set("lossBest", loss * sign);
                Set("success", AttackRunner.Succeeded(model, state["x"], target));
            }

            Set("stepSize", full(new long[] { batch, 1, 1, 1 }, ApgdOptions.InitialStepFactor * eps, dtype: x.dtype, device: x.device));
            Set("xOld", state["x"].clone());
            Set("lossBestLastCheck", state["lossBest"].clone());
            Set("reducedLastCheck", ones(batch, dtype: ScalarType.Bool, device: x.device));
            int counter = 0;

            for (int i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                using (var noGrad = no_grad())
                {
                    var xAdv = state["x"];
                    var momentumTerm = xAdv - state["xOld"];
                    Set("xOld", xAdv.clone());
                    double a = i > 0 ? ApgdOptions.Momentum : 1.0;
                    var grad = state["grad"];
                    var stepSize = state["stepSize"];
                    Tensor z = Options.Norm == AttackNorm.L2
                        ? ProjectL2(x, xAdv + stepSize * Normalize(grad), eps)
                        : ProjectLinf(x, xAdv + stepSize * grad.sign(), eps);
                    var blended = xAdv + (z - xAdv) * a + momentumTerm * (1 - a);
                    Set("x", Options.Norm == AttackNorm.L2 ? ProjectL2(x, blended, eps) : ProjectLinf(x, blended, eps));
                }

                var (loss, newGrad) = AttackRunner.LossAndGradient(model, objective, state["x"], target.Classes, sign, i + 1, sumReduction: true);
                AttackRunner.Add(losses, loss);
                using (var noGrad = no_grad())
                {
                    var signed = loss * sign;
                    Set("grad", newGrad);
                    var succeededNow = AttackRunner.Succeeded(model, state["x"], target);
                    Set("bestAdv", AttackRunner.SelectPerExample(succeededNow.logical_and(state["success"].logical_not()), state["x"], state["bestAdv"]));
                    Set("success", state["success"].logical_or(succeededNow));
                    lossSteps.Add(signed.clone().DetachFromDisposeScope());
                    var improved = signed.gt(state["lossBest"]);
                    Set("best", AttackRunner.SelectPerExample(improved, state["x"], state["best"]));
                    Set("gradBest", AttackRunner.SelectPerExample(improved, newGrad, state["gradBest"]));
                    Set("lossBest", where(improved, signed, state["lossBest"]));

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
                        var noImprovement = state["reducedLastCheck"].logical_not().logical_and(state["lossBestLastCheck"].ge(state["lossBest"]));
                        var reduce = oscillating.logical_or(noImprovement);
                        Set("reducedLastCheck", reduce.clone());
                        Set("lossBestLastCheck", state["lossBest"].clone());
                        var halved = where(reduce.reshape(batch, 1, 1, 1), state["stepSize"] / 2.0, state["stepSize"]);
                        Set("stepSize", halved);
                        Set("x", AttackRunner.SelectPerExample(reduce, state["best"], state["x"]));
                        Set("grad", AttackRunner.SelectPerExample(reduce, state["gradBest"], state["grad"]));
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

            var result = (state["best"], state["bestAdv"], state["success"]);
            state.Remove("best");
            state.Remove("bestAdv");
            state.Remove("success");
            return result;
        }
        finally
        {
            foreach (var t in state.Values)
            {
                t.Dispose();
            }

            foreach (var t in lossSteps)
            {
                t.Dispose();
            }
        }
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
