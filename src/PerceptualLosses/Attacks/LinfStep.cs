using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>L∞ threat model, following robustness' <c>LinfStep</c> (robustness/attack_steps.py).</summary>
/// <remarks>
/// Step: <c>x + α·sign(g)</c>. Project: <c>x0 + clamp(x − x0, −ε, ε)</c>, then clamp to [0,1].
/// Random start: <c>x + ε·(2u − 1)</c> with <c>u ~ U[0,1)</c>, clamped to [0,1].
/// </remarks>
public sealed class LinfStep : AttackStep
{
    /// <summary>Creates the step for the original batch <paramref name="origin"/> (<c>[B,C,H,W]</c>, kept by reference, not modified).</summary>
    public LinfStep(Tensor origin, double epsilon, double stepSize)
        : base(origin, epsilon, stepSize)
    {
    }

    /// <inheritdoc />
    public override AttackNorm Norm => AttackNorm.Linf;

    /// <inheritdoc />
    public override Tensor Step(Tensor x, Tensor grad)
    {
        using var scope = NewDisposeScope();
        return (x + grad.sign() * StepSize).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor Project(Tensor x)
    {
        using var scope = NewDisposeScope();
        var delta = (x - Origin).clamp(-Epsilon, Epsilon);
        return (Origin + delta).clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor RandomPerturb(Tensor x)
    {
        using var scope = NewDisposeScope();
        var u = rand_like(x);
        return (x + (u - 0.5) * 2.0 * Epsilon).clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }
}
