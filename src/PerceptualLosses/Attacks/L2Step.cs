using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>L2 threat model, following robustness' <c>L2Step</c> (robustness/attack_steps.py).</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Step: <c>x + α·g / (‖g‖₂ + 1e-10)</c> per example (<see cref="NormStabilizer"/> is robustness' constant; it only matters for a zero gradient).</item>
/// <item>Project: <c>x0 + renorm(x − x0, p=2, dim=0, maxnorm=ε)</c>, then clamp to [0,1]. <c>renorm</c> (libtorch) scales an
/// example whose norm exceeds ε by <c>ε / (‖δ‖ + 1e-7)</c>, so ‖δ‖ ends up at most ε.</item>
/// <item>Random start (<see cref="L2RandomStart"/>): <c>x + renorm(U(−½,½), p=2, maxnorm=ε)</c> per example (robustness ≤ 1.1, the
/// default) or <c>x + ε·r / (‖r‖₂ + 1e-10)</c> with <c>r ~ N(0, I)</c> (robustness ≥ 1.2, on the sphere); clamped to [0,1].</item>
/// </list>
/// </remarks>
public sealed class L2Step : AttackStep
{
    /// <summary>Added to per-example norms before dividing (robustness uses 1e-10).</summary>
    public const double NormStabilizer = 1e-10;

    /// <summary>Added to the norm in the projection's scale factor, as libtorch's <c>renorm</c> (used by robustness).</summary>
    public const double RenormStabilizer = 1e-7;

    /// <summary>Creates the step for the original batch <paramref name="origin"/> (<c>[B,C,H,W]</c>, kept by reference, not modified).</summary>
    /// <param name="origin">Original images.</param>
    /// <param name="epsilon">L2 radius per example.</param>
    /// <param name="stepSize">Step length α.</param>
    /// <param name="randomStart">Distribution of <see cref="RandomPerturb"/>.</param>
    public L2Step(Tensor origin, double epsilon, double stepSize, L2RandomStart randomStart = L2RandomStart.RenormedUniform)
        : base(origin, epsilon, stepSize)
    {
        RandomStart = randomStart;
    }

    /// <summary>Distribution of the random start.</summary>
    public L2RandomStart RandomStart { get; }

    /// <inheritdoc />
    public override AttackNorm Norm => AttackNorm.L2;

    /// <inheritdoc />
    public override Tensor Step(Tensor x, Tensor grad)
    {
        using var scope = NewDisposeScope();
        var norm = PerExampleNorm(grad);
        return (x + grad / (norm + NormStabilizer) * StepSize).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor Project(Tensor x)
    {
        using var scope = NewDisposeScope();
        var delta = x - Origin;
        var norm = PerExampleNorm(delta);
        // libtorch renorm(p=2, dim=0, maxnorm=ε): scale by ε/(‖δ‖ + 1e-7) only where ‖δ‖ > ε.
        var factor = where(norm.gt(Epsilon), Epsilon / (norm + RenormStabilizer), ones_like(norm));
        delta = delta * factor;
        return (Origin + delta).clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor RandomPerturb(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor delta;
        if (RandomStart == L2RandomStart.Sphere)
        {
            var r = randn_like(x);
            delta = r / (PerExampleNorm(r) + NormStabilizer) * Epsilon;
        }
        else
        {
            // torch renorm(p=2, dim=0, maxnorm=ε): scales an example by ε/(‖u‖ + 1e-7) only where ‖u‖ > ε.
            var u = rand_like(x) - 0.5;
            var norm = PerExampleNorm(u);
            delta = u * where(norm.gt(Epsilon), Epsilon / (norm + RenormStabilizer), ones_like(norm));
        }

        return (x + delta).clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <summary>‖t_b‖₂ per example, shaped <c>[B,1,1,1]</c> for broadcasting.</summary>
    internal static Tensor PerExampleNorm(Tensor t)
    {
        var shape = new long[t.dim()];
        shape[0] = t.shape[0];
        for (int i = 1; i < shape.Length; i++)
        {
            shape[i] = 1;
        }

        return t.reshape(t.shape[0], -1).norm(1, keepdim: false).reshape(shape);
    }
}
