using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using PerceptualLosses.Data;

namespace PerceptualLosses.Statistics;

/// <summary>
/// Kendall's rank correlation τ-b (Kendall, <i>Rank Correlation Methods</i>, 1970; Knight, JASA 61(314), 1966) with a
/// permutation test and SciPy's exact test. τ-b = (C − D) / √((N − Tx)(N − Ty)) over the N = n(n−1)/2 pairs, C and D
/// the concordant and discordant pairs, Tx and Ty the pairs tied in x and in y (pairs tied in both count in both), as
/// SciPy's <c>scipy.stats.kendalltau(variant='b')</c> defines it.
/// </summary>
public static class KendallTau
{
    /// <summary>Largest n for which <see cref="ExactPValue"/> uses counts scaled by n! (SciPy's switch to scaled counts).</summary>
    private const int FactorialLimit = 171;

    /// <summary>τ-b of the pairs (x[i], y[i]); NaN when x or y is constant (as SciPy).</summary>
    /// <param name="x">First variable (finite, at least 2 values).</param>
    /// <param name="y">Second variable, same length.</param>
    public static double Compute(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var pairs = Pairs.Of(x, y);
        return pairs.Tau(pairs.ConcordantMinusDiscordant(Identity(x.Count)));
    }

    /// <summary>
    /// Two-sided exact p-value under independence when neither variable has ties, from the distribution of the number
    /// of concordant pairs over all n! orderings (Kendall 1970, Ch. 4), computed as SciPy's
    /// <c>kendalltau(method='exact')</c> does (SciPy 1.10 <c>_mstats_basic._kendall_p_exact</c>); null with ties.
    /// </summary>
    /// <param name="x">First variable (finite, at least 2 values).</param>
    /// <param name="y">Second variable, same length.</param>
    public static double? ExactPValue(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var pairs = Pairs.Of(x, y);
        if (pairs.TiedX != 0 || pairs.TiedY != 0)
        {
            return null;
        }

        long cmd = pairs.ConcordantMinusDiscordant(Identity(x.Count));
        long concordant = (pairs.Total + cmd) / 2;
        return ExactTwoSided(x.Count, concordant);
    }

    /// <summary>τ-b with its permutation p-value (y shuffled against x) and, without ties, the exact p-value.</summary>
    /// <param name="x">First variable (finite, at least 2 values).</param>
    /// <param name="y">Second variable, same length.</param>
    /// <param name="options">Permutations and seed; <see cref="PermutationOptions.Default"/> when null.</param>
    public static KendallTauTest Test(IReadOnlyList<double> x, IReadOnlyList<double> y, PermutationOptions? options = null)
    {
        options ??= PermutationOptions.Default;
        options.Validate();
        var pairs = Pairs.Of(x, y);
        int n = x.Count;
        long observed = Math.Abs(pairs.ConcordantMinusDiscordant(Identity(n)));
        var order = Identity(n);
        var random = new DataRandom(options.Seed);
        int asExtreme = 0;
        for (int p = 0; p < options.Permutations; p++)
        {
            random.Shuffle(order);
            // The tie counts do not change under permutation, so |τ| grows with |C − D|: compare integers, no rounding.
            if (Math.Abs(pairs.ConcordantMinusDiscordant(order)) >= observed)
            {
                asExtreme++;
            }
        }

        double tau = pairs.Tau(pairs.ConcordantMinusDiscordant(Identity(n)));
        double permutation = double.IsNaN(tau) ? double.NaN : (asExtreme + 1.0) / (options.Permutations + 1.0);
        return new KendallTauTest(tau, n, permutation, options.Permutations, ExactPValue(x, y));
    }

    /// <summary>SciPy's <c>_kendall_p_exact(n, c, 'two-sided')</c>: twice the lower tail of the count of concordant pairs.</summary>
    private static double ExactTwoSided(int n, long concordantPairs)
    {
        long total = (long)n * (n - 1) / 2;
        long c = Math.Min(concordantPairs, total - concordantPairs);
        if (n <= 2)
        {
            return 1.0;
        }

        if (c == 0)
        {
            return n < FactorialLimit ? 2.0 / Factorial(n) : 0.0;
        }

        if (c == 1)
        {
            return n < FactorialLimit + 1 ? 2.0 / Factorial(n - 1) : 0.0;
        }

        if (4 * c == (long)n * (n - 1))
        {
            return 1.0;
        }

        // counts[k] = orderings of 1..j with k inversions (Mahonian numbers), built up for j = 3..n and cut at k = c.
        var counts = new double[c + 1];
        counts[0] = 1;
        counts[1] = 1;
        for (int j = 3; j <= n; j++)
        {
            for (int k = 1; k <= c; k++)
            {
                counts[k] += counts[k - 1];
            }

            if (n >= FactorialLimit)
            {
                for (int k = 0; k <= c; k++)
                {
                    counts[k] /= j;
                }
            }

            if (j <= c)
            {
                for (long k = c; k >= j; k--)
                {
                    counts[k] -= counts[k - j];
                }
            }
        }

        double sum = 0;
        foreach (double v in counts)
        {
            sum += v;
        }

        return n < FactorialLimit ? 2.0 * sum / Factorial(n) : sum;
    }

    private static double Factorial(int n)
    {
        double f = 1;
        for (int i = 2; i <= n; i++)
        {
            f *= i;
        }

        return f;
    }

    private static int[] Identity(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        return order;
    }

    /// <summary>The pair signs of x and of y, and the tie counts that τ-b's denominator needs.</summary>
    private sealed class Pairs
    {
        private readonly sbyte[,] signX;
        private readonly sbyte[,] signY;

        private Pairs(sbyte[,] signX, sbyte[,] signY, long total, long tiedX, long tiedY)
        {
            this.signX = signX;
            this.signY = signY;
            Total = total;
            TiedX = tiedX;
            TiedY = tiedY;
        }

        public long Total { get; }

        public long TiedX { get; }

        public long TiedY { get; }

        public static Pairs Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
        {
            Guard.FiniteSample(x, 2);
            Guard.FiniteSample(y, 2);
            if (x.Count != y.Count)
            {
                throw new ArgumentException($"x has {x.Count} values but y has {y.Count}; τ needs pairs.", nameof(y));
            }

            int n = x.Count;
            var sx = new sbyte[n, n];
            var sy = new sbyte[n, n];
            long tiedX = 0, tiedY = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    sx[i, j] = (sbyte)Math.Sign(x[j] - x[i]);
                    sx[j, i] = (sbyte)-sx[i, j];
                    sy[i, j] = (sbyte)Math.Sign(y[j] - y[i]);
                    sy[j, i] = (sbyte)-sy[i, j];
                    tiedX += sx[i, j] == 0 ? 1 : 0;
                    tiedY += sy[i, j] == 0 ? 1 : 0;
                }
            }

            return new Pairs(sx, sy, (long)n * (n - 1) / 2, tiedX, tiedY);
        }

        /// <summary>C − D with y reordered: observation i is paired with y[order[i]].</summary>
        public long ConcordantMinusDiscordant(int[] order)
        {
            long sum = 0;
            int n = order.Length;
            for (int i = 0; i < n; i++)
            {
                int oi = order[i];
                for (int j = i + 1; j < n; j++)
                {
                    sum += signX[i, j] * signY[oi, order[j]];
                }
            }

            return sum;
        }

        /// <summary>τ-b from C − D, written as SciPy does (two square roots), limited to [−1, 1] against rounding.</summary>
        public double Tau(long concordantMinusDiscordant)
        {
            if (TiedX == Total || TiedY == Total)
            {
                return double.NaN;
            }

            double tau = concordantMinusDiscordant / Math.Sqrt(Total - TiedX) / Math.Sqrt(Total - TiedY);
            return Math.Clamp(tau, -1.0, 1.0);
        }
    }
}
