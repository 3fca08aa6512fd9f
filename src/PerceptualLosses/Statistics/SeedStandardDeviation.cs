using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;

namespace PerceptualLosses.Statistics;

/// <summary>
/// Spread of a result over training seeds: the sample standard deviation √(Σ(xᵢ − x̄)² / (k − 1)) of the k per-seed
/// results (NumPy's <c>np.std(x, ddof=1)</c>). It measures how much retraining moves a number, which the bootstrap
/// over test images does not.
/// </summary>
public static class SeedStandardDeviation
{
    /// <summary>The standard deviation of per-seed results.</summary>
    /// <param name="perSeed">One result per seed (at least 2, finite).</param>
    public static double Compute(IReadOnlyList<double> perSeed)
    {
        Guard.FiniteSample(perSeed, 2);
        double mean = perSeed.Average();
        double squares = perSeed.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / (perSeed.Count - 1));
    }
}
