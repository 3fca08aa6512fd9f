using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>L2 threat model, following robustness' <c>L2Step</c> (robustness/attack_steps.py).</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Step: <c>x + α·g / (‖g‖₂ + 1e-10)</c> per example (<see cref="NormStabilizer"/> is robustness' constant; it only matters for a zero gradient).</item>
/// <item>Project: <c>x0 + renorm(x − x0, p=2, dim=0, maxnorm=ε)</c>, then clamp to [0,1]. <c>renorm</c> (libtorch) scales an
/// example whose norm exceeds ε by <c>ε / (‖δ‖ + 1e-7)</c>, so ‖δ‖ ends up at most ε.</item>
/// <item>Random start: <c>x + ε·r / (‖r‖₂ + 1e-10)</c> with <c>r ~ N(0, I)</c>, clamped to [0,1] (a point on the sphere, as robustness).</item>
/// </list>
/// </remarks>
public sealed class L2Step : AttackStep
{
    /// <summary>Added to per-example norms before dividing (robustness uses 1e-10).</summary>
    public const double NormStabilizer = 1e-10;

    /// <summary>Added to the norm in the projection's scale factor, as libtorch's <c>renorm</c> (used by robustness).</summary>
    public const double RenormStabilizer = 1e-7;

    /// <summary>Creates the step for the original batch <paramref name="origin"/> (<c>[B,C,H,W]</c>, kept by reference, not modified).</summary>
    public L2Step(Tensor origin, double epsilon, double stepSize)
        : base(origin, epsilon, stepSize)
    {
    }

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
        var r = randn_like(x);
        var norm = PerExampleNorm(r);
        return (x + r / (norm + NormStabilizer) * Epsilon).clamp(0.0, 1.0).MoveToOuterDisposeScope();
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
