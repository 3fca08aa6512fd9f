using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Statistics;

/// <summary>
/// Wilson score interval of a binomial proportion (Wilson, JASA 22(158), 1927, 209–212; recommended over the normal
/// approximation by Brown, Cai &amp; DasGupta, Statistical Science 16(2), 2001): the values of p whose score test at the
/// given level does not reject k successes in n trials. Same formula as statsmodels'
/// <c>proportion_confint(k, n, method='wilson')</c>.
/// </summary>
public static class WilsonInterval
{
    /// <summary>Interval of the proportion <paramref name="successes"/> / <paramref name="trials"/>.</summary>
    /// <param name="successes">Number of successes (e.g. misclassified images), 0 ≤ k ≤ n.</param>
    /// <param name="trials">Number of trials n ≥ 1.</param>
    /// <param name="confidence">Two-sided coverage in (0, 1).</param>
    public static ConfidenceInterval Compute(int successes, int trials, double confidence = BootstrapOptions.DefaultConfidence)
    {
        Guard.AtLeast(trials, 1);
        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must be in [0, trials = {trials}].");
        }

        Guard.OpenUnitInterval(confidence);
        double z = NormalQuantile.Of(1 - (1 - confidence) / 2);
        double n = trials, p = successes / n, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // The ends lie in [0, 1] exactly; Max/Min only remove rounding (k = 0 gives −1e-17, not 0).
        return new ConfidenceInterval(p, Math.Max(0, centre - half), Math.Min(1, centre + half), confidence);
    }
}
