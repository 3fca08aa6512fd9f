namespace PerceptualLosses.Losses;

/// <summary>How a patch's Gram matrix G = F·Fᵀ is scaled.</summary>
public enum GramNormalization
{
    /// <summary>G = F·Fᵀ, as in Eq. (2) of the paper and EnhanceNet's definition; the paper's λ assume this.</summary>
    Plain,

    /// <summary>G = F·Fᵀ / (p·p), the per-patch average used by some reimplementations (e.g. tensorpack).</summary>
    PatchArea,
}
