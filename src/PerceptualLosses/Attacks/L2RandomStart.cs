namespace PerceptualLosses.Attacks;

/// <summary>The L2 random start of PGD (<see cref="PgdOptions.RandomStart"/>); robustness changed it between releases.</summary>
public enum L2RandomStart
{
    /// <summary>
    /// robustness <c>L2Step.random_perturb</c> up to release 1.1 (robustness/attack_steps.py before commit 338cdc9, March
    /// 2020), the releases its pretrained robust ImageNet models come from: δ = renorm(U(−½, ½), p=2, per example,
    /// maxnorm=ε), so δ is uniform noise scaled down onto the sphere only where its norm exceeds ε, and stays inside the
    /// ball otherwise. The default.
    /// </summary>
    RenormedUniform,

    /// <summary>robustness from release 1.2 on: δ = ε·r/‖r‖₂ with r ~ N(0, I), always on the sphere.</summary>
    Sphere,
}
