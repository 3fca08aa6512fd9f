using System.Diagnostics.CodeAnalysis;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// Geometry of one threat model, as robustness' <c>AttackerStep</c> (robustness/attack_steps.py): a gradient step,
/// a projection onto the ε-ball around the original input intersected with [0,1], and a random start inside the ball.
/// </summary>
/// <remarks>All tensors are <c>[B,C,H,W]</c> in [0,1] pixel space; ε and α are in that space. Results are new tensors.</remarks>
public interface IAttackStep
{
    /// <summary>The threat model.</summary>
    AttackNorm Norm { get; }

    /// <summary>Radius ε of the ball.</summary>
    double Epsilon { get; }

    /// <summary>Step size α.</summary>
    double StepSize { get; }

    /// <summary>One ascent step of <paramref name="x"/> along <paramref name="grad"/> (the gradient of the maximised objective).</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Named as robustness' AttackerStep.step.")]
    Tensor Step(Tensor x, Tensor grad);

    /// <summary>Projects <paramref name="x"/> onto the ε-ball around the original input, then clamps to [0,1].</summary>
    Tensor Project(Tensor x);

    /// <summary>A random point of the ε-ball around <paramref name="x"/>, clamped to [0,1].</summary>
    Tensor RandomPerturb(Tensor x);
}
