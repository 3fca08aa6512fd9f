using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Data;

namespace PerceptualLosses.Statistics;

/// <summary>
/// Percentile bootstrap confidence intervals of means (Efron &amp; Tibshirani, <i>An Introduction to the Bootstrap</i>,
/// 1993, Ch. 13): the statistic is recomputed on <see cref="BootstrapOptions.Resamples"/> samples drawn with replacement,
/// and the interval is the (1−c)/2 and (1+c)/2 percentiles of those values, interpolated linearly between order
/// statistics as NumPy's <c>np.percentile</c> does. This is SciPy's <c>scipy.stats.bootstrap(method='percentile')</c>;
/// several strata are resampled independently, each keeping its size, as SciPy does for several samples with
/// <c>paired=False</c>. The random numbers differ from NumPy's, so the ends agree with SciPy's within Monte-Carlo error only.
/// </summary>
public static class BootstrapInterval
{
    /// <summary>Interval of the mean of one sample.</summary>
    /// <param name="values">The sample (at least 2 finite values).</param>
    /// <param name="options">Resamples, confidence, seed; <see cref="BootstrapOptions.Default"/> when null.</param>
    public static ConfidenceInterval Mean(IReadOnlyList<double> values, BootstrapOptions? options = null) =>
        StratifiedMean(new[] { values }, options);

    /// <summary>
    /// Interval of the mean of stratum means (each stratum weighs the same, whatever its size), resampling within each
    /// stratum: e.g. the images of each benchmark set, averaged per set and then over the sets.
    /// </summary>
    /// <param name="strata">One sample per stratum (each at least 2 finite values).</param>
    /// <param name="options">Resamples, confidence, seed; <see cref="BootstrapOptions.Default"/> when null.</param>
    public static ConfidenceInterval StratifiedMean(IReadOnlyList<IReadOnlyList<double>> strata, BootstrapOptions? options = null)
    {
        Guard.NotNull(strata);
        Guard.NotEmpty(strata, "stratum");

        for (int s = 0; s < strata.Count; s++)
        {
            Guard.FiniteSample(strata[s], 2, $"{nameof(strata)}[{s}]");
        }

        options ??= BootstrapOptions.Default;
        options.Validate();
        double estimate = strata.Average(s => s.Average());
        var random = new DataRandom(options.Seed);
        var replicates = new double[options.Resamples];
        for (int b = 0; b < replicates.Length; b++)
        {
            double sumOfMeans = 0;
            foreach (var stratum in strata)
            {
                double sum = 0;
                for (int i = 0; i < stratum.Count; i++)
                {
                    sum += stratum[random.Next(stratum.Count)];
                }

                sumOfMeans += sum / stratum.Count;
            }

            replicates[b] = sumOfMeans / strata.Count;
        }

        Array.Sort(replicates);
        double alpha = (1 - options.Confidence) / 2;
        return new ConfidenceInterval(estimate, Percentile(replicates, alpha), Percentile(replicates, 1 - alpha), options.Confidence);
    }

    /// <summary>Interval of the mean paired difference <c>a[i] − b[i]</c>, resampling pairs.</summary>
    /// <param name="a">First member of each pair.</param>
    /// <param name="b">Second member, same length.</param>
    /// <param name="options">Resamples, confidence, seed; <see cref="BootstrapOptions.Default"/> when null.</param>
    public static ConfidenceInterval PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, BootstrapOptions? options = null) =>
        StratifiedPairedDifference(new[] { a }, new[] { b }, options);

    /// <summary>
    /// Interval of the mean over strata of the mean paired difference <c>a[s][i] − b[s][i]</c>, resampling pairs within
    /// each stratum (both members of a pair always travel together).
    /// </summary>
    /// <param name="a">First members, one list per stratum.</param>
    /// <param name="b">Second members, the same shape.</param>
    /// <param name="options">Resamples, confidence, seed; <see cref="BootstrapOptions.Default"/> when null.</param>
    public static ConfidenceInterval StratifiedPairedDifference(IReadOnlyList<IReadOnlyList<double>> a, IReadOnlyList<IReadOnlyList<double>> b, BootstrapOptions? options = null)
    {
        Guard.NotNull(a);
        Guard.NotNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"a has {a.Count} strata but b has {b.Count}; pairs need the same strata.", nameof(b));
        }

        var differences = new IReadOnlyList<double>[a.Count];
        for (int s = 0; s < a.Count; s++)
        {
            Guard.NotNull(a[s], $"{nameof(a)}[{s}]");
            Guard.NotNull(b[s], $"{nameof(b)}[{s}]");
            if (a[s].Count != b[s].Count)
            {
                throw new ArgumentException($"Stratum {s}: a has {a[s].Count} values but b has {b[s].Count}; pairs need the same length.", nameof(b));
            }

            differences[s] = a[s].Zip(b[s], (x, y) => x - y).ToArray();
        }

        return StratifiedMean(differences, options);
    }

    /// <summary>The q-quantile of sorted values, linear between order statistics (NumPy's default <c>method='linear'</c>).</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        double fraction = position - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }
}
