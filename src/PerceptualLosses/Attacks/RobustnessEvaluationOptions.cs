using System;
using System.Collections.Generic;
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

    /// <summary>
    /// The named protocols (what <c>perceptual robustness --attack</c> accepts): <c>apgd</c> is <see cref="Paper"/>,
    /// <c>pgd50-targeted</c> the paper's attack alone (no APGD-T check).
    /// </summary>
    public static IReadOnlyDictionary<string, RobustnessEvaluationOptions> Presets { get; } = new Dictionary<string, RobustnessEvaluationOptions>(StringComparer.Ordinal)
    {
        ["apgd"] = Paper,
        ["pgd50-targeted"] = Paper with { Strong = null },
    };

    /// <summary>
    /// The same protocol at another L2 radius: PGD keeps the paper's ratio α/ε (0.155/3.88) and the APGD-T check, if any,
    /// uses the same ε.
    /// </summary>
    /// <param name="epsilon">L2 radius on [0,1] images, &gt; 0.</param>
    public RobustnessEvaluationOptions WithEpsilon(double epsilon)
    {
        Guard.Positive(epsilon);
        double ratio = PgdOptions.PaperEvaluationStepSize / PgdOptions.PaperEvaluationEpsilon;
        return this with { Pgd = Pgd with { Epsilon = epsilon, StepSize = epsilon * ratio }, Strong = Strong is null ? null : Strong with { Epsilon = epsilon } };
    }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        Guard.NotNull(Pgd).Validate();
        Strong?.Validate();
        Guard.Positive(LargeEpsilon);
        Guard.AtLeast(ShortSteps, 1);
    }
}
