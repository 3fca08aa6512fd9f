namespace PerceptualLosses.Statistics;

/// <summary>Kendall's τ-b of two rankings with its two-sided p-values under the null hypothesis of independence.</summary>
/// <param name="Tau">τ-b in [−1, 1] (NaN when one variable is constant).</param>
/// <param name="Count">Number of paired observations.</param>
/// <param name="PermutationPValue">Monte-Carlo permutation p-value (#{|τ_perm| ≥ |τ|} + 1) / (permutations + 1).</param>
/// <param name="Permutations">Number of random permutations behind <paramref name="PermutationPValue"/>.</param>
/// <param name="ExactPValue">Exact p-value as SciPy's <c>kendalltau(method='exact')</c>; null when there are ties (no exact null distribution).</param>
public sealed record KendallTauTest(double Tau, int Count, double PermutationPValue, int Permutations, double? ExactPValue);
