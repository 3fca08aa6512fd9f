namespace PerceptualLosses.Attacks;

/// <summary>Threat model: the norm that bounds the perturbation <c>x̄ − x</c> of each example.</summary>
public enum AttackNorm
{
    /// <summary>Euclidean norm over all pixels of one example (robustness <c>'2'</c>).</summary>
    L2,

    /// <summary>Maximum absolute pixel change (robustness <c>'inf'</c>).</summary>
    Linf,
}
