using PerceptualLosses.Common;

namespace PerceptualLosses.Attacks;

/// <summary>Protocol of <see cref="RobustnessEvaluator"/>.</summary>
/// <param name="Pgd">The targeted PGD attack (paper: PGD-50, L2, ε = 3.88, α = 0.155).</param>
/// <param name="Strong">The stronger check attack (APGD-T with the same targets), or null to skip it.</param>
/// <param name="Seed">Seed of the random targets.</param>
/// <param name="LargeEpsilon">ε of the sanity check that must drive accuracy to ≈ 0 (targeted PGD with <paramref name="ShortSteps"/> steps, α = 2.5ε/K).</param>
/// <param name="ShortSteps">Steps of the sanity check "more steps never help the model" (same α as <paramref name="Pgd"/>).</param>
public sealed record RobustnessEvaluationOptions(PgdOptions Pgd, ApgdOptions? Strong, int Seed = 0, double LargeEpsilon = 100.0, int ShortSteps = 10)
{
    /// <summary>Paper Table 1 protocol plus APGD-T (100 steps) at the same ε.</summary>
    public static RobustnessEvaluationOptions Paper { get; } = new(PgdOptions.PaperEvaluation, ApgdOptions.PaperEvaluation);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        Guard.NotNull(Pgd).Validate();
        Strong?.Validate();
        Guard.Positive(LargeEpsilon);
        Guard.AtLeast(ShortSteps, 1);
    }
}
