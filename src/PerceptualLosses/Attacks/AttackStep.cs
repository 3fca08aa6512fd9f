using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// What every threat model shares (robustness' <c>AttackerStep</c>): the original batch, ε and α, checked once.
/// Subclasses supply only the geometry: <see cref="Step"/>, <see cref="Project"/> and <see cref="RandomPerturb"/>.
/// </summary>
public abstract class AttackStep : IAttackStep
{
    /// <summary>Checks and keeps the original batch <paramref name="origin"/> (<c>[B,C,H,W]</c>, kept by reference, not modified).</summary>
    protected AttackStep(Tensor origin, double epsilon, double stepSize)
    {
        Guard.IsImageBatch(origin);
        Guard.Positive(epsilon);
        Guard.Positive(stepSize);
        Origin = origin;
        Epsilon = epsilon;
        StepSize = stepSize;
    }

    /// <inheritdoc />
    public abstract AttackNorm Norm { get; }

    /// <inheritdoc />
    public double Epsilon { get; }

    /// <inheritdoc />
    public double StepSize { get; }

    /// <summary>The unperturbed batch the ε-ball is centred on.</summary>
    protected Tensor Origin { get; }

    /// <inheritdoc />
#pragma warning disable CA1716 // Named as robustness' AttackerStep.step; IAttackStep already exposes it.
    public abstract Tensor Step(Tensor x, Tensor grad);
#pragma warning restore CA1716

    /// <inheritdoc />
    public abstract Tensor Project(Tensor x);

    /// <inheritdoc />
    public abstract Tensor RandomPerturb(Tensor x);
}
