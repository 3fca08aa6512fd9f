using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Metrics;

/// <summary>
/// The perturbation that turns LPIPS training into the paper's R-LPIPS (Uelwer et al., §2): reference, p₀ and p₁ are each
/// perturbed by L2 PGD maximising the 2AFC ranking loss (the training objective: binary cross-entropy between the ranking
/// network's probability and the human judgement), with ‖δ‖₂ ≤ ε per image in the [0,1] pixel scale
/// (<see cref="LpipsTrainer.Perturb"/>).
/// </summary>
/// <remarks>
/// Scale: ε is measured on the [0,1] images the trainer receives. LPIPS itself works on [−1,1] (x ↦ 2x − 1), where the
/// same perturbation has norm 2ε (2.66 for the paper's 1.33). ε → 0 leaves the images unchanged and training is plain LPIPS.
/// </remarks>
/// <param name="Steps">PGD iterations (paper: 10).</param>
/// <param name="Epsilon">L2 radius per image on [0,1] images (paper: 1.33; the paper does not name the scale, we use [0,1], i.e. 2ε on LPIPS' [−1,1] input).</param>
/// <param name="StepSize">Step length; the robustness library's rule 2.5·ε/steps by default.</param>
public sealed record RobustLpipsAttack(int Steps, double Epsilon, double StepSize)
{
    /// <summary>PGD-10, ε = 1.33, α = 2.5ε/10.</summary>
    public static RobustLpipsAttack Paper { get; } = new(10, 1.33, 2.5 * 1.33 / 10);

    internal void Validate()
    {
        Guard.AtLeast(Steps, 1);

        Guard.Positive(Epsilon);
        Guard.Positive(StepSize);
    }
}
