using System;

namespace PerceptualLosses.Metrics.Lpips;

/// <summary>
/// The perturbation that turns LPIPS training into the paper's R-LPIPS (Uelwer et al., §2): reference, p₀ and p₁ are each
/// perturbed by L2 PGD maximising the 2AFC ranking loss, with ‖δ‖₂ ≤ ε per image in the [0,1] pixel scale.
/// </summary>
/// <param name="Steps">PGD iterations (paper: 10).</param>
/// <param name="Epsilon">L2 radius per image on [0,1] images (paper: 1.33; the paper does not name the scale, we use [0,1]).</param>
/// <param name="StepSize">Step length; the robustness library's rule 2.5·ε/steps by default.</param>
public sealed record RobustLpipsAttack(int Steps, double Epsilon, double StepSize)
{
    /// <summary>PGD-10, ε = 1.33, α = 2.5ε/10.</summary>
    public static RobustLpipsAttack Paper { get; } = new(10, 1.33, 2.5 * 1.33 / 10);

    internal void Validate()
    {
        if (Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be >= 1.");
        }

        if (!(Epsilon > 0) || !(StepSize > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), "Epsilon and StepSize must be > 0.");
        }
    }
}
