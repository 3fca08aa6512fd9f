using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PerceptualLosses.Statistics;

namespace PerceptualLosses.Study.Reporting;

/// <summary>
/// Table 2's paired comparisons: for every loss trained with a robust and a non-robust VGG-19, per metric, the
/// robust − non-robust difference with its paired bootstrap interval (images resampled within each set; both models'
/// values of an image travel together, averaged over the seeds both have) and the fraction of images where the robust
/// model is better.
/// </summary>
public static class RobustDifferences
{
    /// <summary>The differences of every twin pair and metric, in Table 2's loss order.</summary>
    /// <param name="records">Per-image evaluation records.</param>
    /// <param name="columns">Metric columns.</param>
    /// <param name="bootstrap">Resamples, confidence and seed; <see cref="BootstrapOptions.Default"/> when null.</param>
    public static IReadOnlyList<RobustDifference> Compute(IReadOnlyCollection<EvaluationRecord> records, IReadOnlyList<MetricColumn> columns, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(columns);
        var result = new List<RobustDifference>();
        var losses = records.Where(r => r.Robust == true).Select(r => r.Loss).Distinct()
            .Where(loss => records.Any(r => r.Loss == loss && r.Robust == false))
            .OrderBy(loss => StudyTables.LossOrder.ToList().IndexOf(loss) is int i && i >= 0 ? i : int.MaxValue).ThenBy(loss => loss, StringComparer.Ordinal);
        foreach (string loss in losses)
        {
            foreach (var column in columns)
            {
                var (robust, normal) = Paired(records, loss, column.Key);
                if (robust.Length == 0)
                {
                    continue;
                }

                var ci = robust.All(s => s.Count >= 2)
                    ? BootstrapInterval.StratifiedPairedDifference(robust, normal, bootstrap)
                    : new ConfidenceInterval(robust.Average(s => s.Average()) - normal.Average(s => s.Average()), double.NaN, double.NaN, (bootstrap ?? BootstrapOptions.Default).Confidence);
                var wins = PairedWins.Of(robust.SelectMany(s => s).ToArray(), normal.SelectMany(s => s).ToArray(), column.HigherIsBetter);
                result.Add(new RobustDifference(loss, column, robust.Average(s => s.Average()), normal.Average(s => s.Average()), ci, wins));
            }
        }

        return result;
    }

    /// <summary>Per set, the images both twins scored (on the seeds both have), each model's value averaged over those seeds.</summary>
    private static (IReadOnlyList<double>[] Robust, IReadOnlyList<double>[] Normal) Paired(IReadOnlyCollection<EvaluationRecord> records, string loss, string key)
    {
        var robust = records.Where(r => r.Loss == loss && r.Robust == true && r.Metrics.ContainsKey(key)).ToDictionary(r => (r.Seed, r.Dataset, r.Image));
        var normal = records.Where(r => r.Loss == loss && r.Robust == false && r.Metrics.ContainsKey(key)).ToDictionary(r => (r.Seed, r.Dataset, r.Image));
        var common = robust.Keys.Where(normal.ContainsKey).ToArray();
        var sets = common.GroupBy(k => k.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(set => set.GroupBy(k => k.Image).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(image => (Robust: image.Average(k => robust[k].Metrics[key]), Normal: image.Average(k => normal[k].Metrics[key])))
                .ToArray())
            .ToArray();
        return (sets.Select(s => (IReadOnlyList<double>)s.Select(p => p.Robust).ToArray()).ToArray(),
                sets.Select(s => (IReadOnlyList<double>)s.Select(p => p.Normal).ToArray()).ToArray());
    }

    /// <summary>Markdown table: loss, metric, robust − non-robust with its interval, whether it excludes 0, robust wins.</summary>
    public static string ToMarkdown(IReadOnlyList<RobustDifference> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var text = new StringBuilder();
        double confidence = differences.Count == 0 ? BootstrapOptions.DefaultConfidence : differences[0].Difference.Confidence;
        text.AppendLine(CultureInfo.InvariantCulture, $"| Loss | Metric | Robust | Non-robust | Robust − non-robust | {100 * confidence:0.#} % CI | CI excludes 0 | Robust better on |");
        text.AppendLine("|---|---|---:|---:|---:|---:|:---:|---:|");
        foreach (var d in differences)
        {
            int decimals = d.Metric.Decimals;
            string ci = double.IsNaN(d.Difference.Low) ? "–" : $"[{F(d.Difference.Low, decimals)}, {F(d.Difference.High, decimals)}]";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {d.Loss} | {d.Metric.Header} | {F(d.RobustMean, decimals)} | {F(d.NonRobustMean, decimals)} | {F(d.Difference.Estimate, decimals)} | {ci} | {(d.ExcludesZero ? "yes" : "no")} | {d.RobustWins.Wins}/{d.RobustWins.Pairs} ({100 * d.RobustWins.Fraction:0} %) |");
        }

        return text.ToString();
    }

    /// <summary>CSV, full precision: <c>loss,metric,robust_mean,non_robust_mean,difference,ci_low,ci_high,confidence,robust_wins,ties,images,robust_win_fraction</c>.</summary>
    public static string ToCsv(IReadOnlyList<RobustDifference> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var text = new StringBuilder("loss,metric,robust_mean,non_robust_mean,difference,ci_low,ci_high,confidence,robust_wins,ties,images,robust_win_fraction\n");
        foreach (var d in differences)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{d.Loss},{d.Metric.Key},{R(d.RobustMean)},{R(d.NonRobustMean)},{R(d.Difference.Estimate)},{R(d.Difference.Low)},{R(d.Difference.High)},{R(d.Difference.Confidence)},{d.RobustWins.Wins},{d.RobustWins.Ties},{d.RobustWins.Pairs},{R(d.RobustWins.Fraction)}\n");
        }

        return text.ToString();
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string R(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
