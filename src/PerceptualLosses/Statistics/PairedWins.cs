using System;
using System.Collections.Generic;
using PerceptualLosses.Common;

namespace PerceptualLosses.Statistics;

/// <summary>How often the first member of each pair beats the second (e.g. a robust model's score on an image vs its non-robust twin's).</summary>
/// <param name="Wins">Pairs where the first member is better.</param>
/// <param name="Ties">Pairs with equal values.</param>
/// <param name="Losses">Pairs where the second member is better.</param>
public sealed record PairedWins(int Wins, int Ties, int Losses)
{
    /// <summary>Number of pairs.</summary>
    public int Pairs => Wins + Ties + Losses;

    /// <summary>Wins over all pairs (ties count as no win); NaN for no pairs.</summary>
    public double Fraction => Pairs == 0 ? double.NaN : (double)Wins / Pairs;

    /// <summary>Counts the wins of <paramref name="a"/> over <paramref name="b"/>, pair by pair.</summary>
    /// <param name="a">First member of each pair (finite).</param>
    /// <param name="b">Second member, same length.</param>
    /// <param name="higherIsBetter">Whether the larger value wins (PSNR) or the smaller (GMSD, LPIPS).</param>
    public static PairedWins Of(IReadOnlyList<double> a, IReadOnlyList<double> b, bool higherIsBetter)
    {
        Guard.FiniteSample(a, 1);
        Guard.FiniteSample(b, 1);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"a has {a.Count} values but b has {b.Count}; pairs need the same length.", nameof(b));
        }

        int wins = 0, ties = 0;
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] == b[i])
            {
                ties++;
            }
            else if (a[i] > b[i] == higherIsBetter)
            {
                wins++;
            }
        }

        return new PairedWins(wins, ties, a.Count - wins - ties);
    }
}
