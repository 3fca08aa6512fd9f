using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace PerceptualLosses.Metrics;

/// <summary>Every pair of two folders scored by <see cref="MetricSuite.ScorePairs"/>, and the mean of each metric.</summary>
/// <param name="Metrics">The metric names, in column order.</param>
/// <param name="Pairs">The pairs, in file-name order.</param>
public sealed record FolderScores(IReadOnlyList<string> Metrics, IReadOnlyList<ScoredPair> Pairs)
{
    /// <summary>The mean over the pairs of each metric, in <see cref="Metrics"/> order (+∞ when a PSNR is).</summary>
    public IReadOnlyList<double> Means => Metrics.Select((_, k) => Pairs.Average(p => p.Values[k])).ToArray();

    /// <summary>
    /// A CSV table: a header <c>file,&lt;metric&gt;,…</c>, one row per pair, then a row <c>mean</c>; numbers round-trip
    /// (<c>R</c> format, invariant culture; +∞ as <c>Infinity</c>), fields with commas or quotes quoted as RFC 4180.
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append("file,").AppendJoin(',', Metrics).Append('\n');
        foreach (var pair in Pairs)
        {
            csv.Append(Field(pair.File)).Append(',').AppendJoin(',', pair.Values.Select(Number)).Append('\n');
        }

        csv.Append("mean,").AppendJoin(',', Means.Select(Number)).Append('\n');
        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Field(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
