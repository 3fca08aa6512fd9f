using PerceptualLosses.Common;

namespace PerceptualLosses.Statistics;

/// <summary>Options of a Monte-Carlo permutation test.</summary>
/// <param name="Permutations">Number of random permutations (≥ 100); the p-value's Monte-Carlo standard error is about √(p(1−p)/Permutations).</param>
/// <param name="Seed">Seed of the permutations; the same seed and data give the same p-value.</param>
public sealed record PermutationOptions(int Permutations = PermutationOptions.DefaultPermutations, long Seed = 0)
{
    /// <summary>Default number of permutations (standard error ≤ 0.005 of the p-value).</summary>
    public const int DefaultPermutations = 10000;

    /// <summary>Fewest permutations accepted.</summary>
    public const int MinimumPermutations = 100;

    /// <summary>10 000 permutations, seed 0.</summary>
    public static PermutationOptions Default { get; } = new();

    /// <summary>Throws if an option is out of range.</summary>
    public void Validate() => Guard.AtLeast(Permutations, MinimumPermutations);
}
