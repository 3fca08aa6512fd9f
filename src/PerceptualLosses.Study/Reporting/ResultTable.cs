using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PerceptualLosses.Statistics;

namespace PerceptualLosses.Study.Reporting;

/// <summary>
/// A table of labelled rows and metric columns that renders as Markdown (best value per column in bold, as in the
/// paper) and as CSV (full precision, no markup). Missing values print as "–" / empty. With confidence intervals, each
/// Markdown cell shows <c>value [low, high]</c>, a best value is bold only where its interval does not overlap the
/// runner-up's, and the CSV gains <c>&lt;key&gt;_ci_low</c>, <c>&lt;key&gt;_ci_high</c> columns after the metric columns;
/// with seed standard deviations it gains <c>&lt;key&gt;_seed_sd</c> columns after those.
/// </summary>
public sealed class ResultTable
{
    /// <summary>Creates a table.</summary>
    /// <param name="labelHeaders">Headers of the label columns (e.g. Loss, Robust).</param>
    /// <param name="columns">Metric columns.</param>
    /// <param name="rows">Labels (one per label header) and values by metric key.</param>
    /// <param name="boldBest">Print the best value of each column in bold.</param>
    /// <param name="intervals">Per row (same order), the confidence interval by metric key; a missing key has none.</param>
    /// <param name="seedDeviations">Per row, the standard deviation over seeds by metric key (NaN or missing: one seed).</param>
    public ResultTable(
        IReadOnlyList<string> labelHeaders,
        IReadOnlyList<MetricColumn> columns,
        IReadOnlyList<(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, double> Values)> rows,
        bool boldBest = true,
        IReadOnlyList<IReadOnlyDictionary<string, ConfidenceInterval>>? intervals = null,
        IReadOnlyList<IReadOnlyDictionary<string, double>>? seedDeviations = null)
    {
        BoldBest = boldBest;
        Intervals = intervals;
        SeedDeviations = seedDeviations;
        LabelHeaders = labelHeaders ?? throw new ArgumentNullException(nameof(labelHeaders));
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
        Rows = rows ?? throw new ArgumentNullException(nameof(rows));
        foreach (var row in rows)
        {
            if (row.Labels.Count != labelHeaders.Count)
            {
                throw new ArgumentException($"Row '{string.Join(" ", row.Labels)}' has {row.Labels.Count} labels; expected {labelHeaders.Count}.", nameof(rows));
            }
        }

        if (intervals is not null && intervals.Count != rows.Count)
        {
            throw new ArgumentException($"{intervals.Count} interval rows for {rows.Count} rows.", nameof(intervals));
        }

        if (seedDeviations is not null && seedDeviations.Count != rows.Count)
        {
            throw new ArgumentException($"{seedDeviations.Count} seed-deviation rows for {rows.Count} rows.", nameof(seedDeviations));
        }
    }

    /// <summary>Per row, the confidence interval by metric key; null when the table has none.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, ConfidenceInterval>>? Intervals { get; }

    /// <summary>Per row, the standard deviation over seeds by metric key; null when the table has none.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? SeedDeviations { get; }

    /// <summary>Whether the best value of each column is printed in bold.</summary>
    public bool BoldBest { get; }

    /// <summary>Headers of the label columns.</summary>
    public IReadOnlyList<string> LabelHeaders { get; }

    /// <summary>Metric columns.</summary>
    public IReadOnlyList<MetricColumn> Columns { get; }

    /// <summary>The rows.</summary>
    public IReadOnlyList<(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, double> Values)> Rows { get; }

    /// <summary>
    /// Markdown with the best value of each column in bold (without intervals, ties: all best values bold; with
    /// intervals, only a best value whose interval does not overlap the runner-up's).
    /// </summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var headers = LabelHeaders.Concat(Columns.Select(c => c.Header)).ToArray();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Concat(LabelHeaders.Select(_ => "---|")) + string.Concat(Columns.Select(_ => "---:|")));
        var best = Columns.ToDictionary(c => c.Key, Best);
        var clearBest = Columns.ToDictionary(c => c.Key, ClearlyBestRow);
        for (int r = 0; r < Rows.Count; r++)
        {
            var (labels, values) = Rows[r];
            var cells = labels.ToList();
            foreach (var column in Columns)
            {
                if (!values.TryGetValue(column.Key, out double value) || double.IsNaN(value))
                {
                    cells.Add("–");
                    continue;
                }

                string formatted = Format(value, column.Decimals);
                bool isBest = BoldBest && (Intervals is null
                    ? best[column.Key] is double b && Format(b, column.Decimals) == formatted
                    : clearBest[column.Key] == r);
                formatted = isBest ? $"**{formatted}**" : formatted;
                if (Interval(r, column.Key) is ConfidenceInterval ci)
                {
                    formatted += $" [{Format(ci.Low, column.Decimals)}, {Format(ci.High, column.Decimals)}]";
                }

                cells.Add(formatted);
            }

            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        return text.ToString();
    }

    /// <summary>
    /// CSV with a header row of label headers and metric keys (then <c>_ci_low</c>/<c>_ci_high</c> and
    /// <c>_seed_sd</c> columns when the table has them); values in round-trip precision, missing values empty.
    /// </summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        var header = LabelHeaders.Select(Escape).Concat(Columns.Select(c => c.Key));
        if (Intervals is not null)
        {
            header = header.Concat(Columns.SelectMany(c => new[] { c.Key + "_ci_low", c.Key + "_ci_high" }));
        }

        if (SeedDeviations is not null)
        {
            header = header.Concat(Columns.Select(c => c.Key + "_seed_sd"));
        }

        text.AppendLine(string.Join(",", header));
        for (int r = 0; r < Rows.Count; r++)
        {
            var (labels, values) = Rows[r];
            var cells = labels.Select(Escape).Concat(Columns.Select(c => Cell(values.TryGetValue(c.Key, out double v) ? v : double.NaN)));
            if (Intervals is not null)
            {
                cells = cells.Concat(Columns.SelectMany(c => Interval(r, c.Key) is ConfidenceInterval ci ? new[] { Cell(ci.Low), Cell(ci.High) } : new[] { "", "" }));
            }

            if (SeedDeviations is not null)
            {
                cells = cells.Concat(Columns.Select(c => Cell(SeedDeviations[r].TryGetValue(c.Key, out double sd) ? sd : double.NaN)));
            }

            text.AppendLine(string.Join(",", cells));
        }

        return text.ToString();
    }

    private static string Cell(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private ConfidenceInterval? Interval(int row, string key) =>
        Intervals is not null && Intervals[row].TryGetValue(key, out var ci) && !double.IsNaN(ci.Low) ? ci : null;

    /// <summary>The row of the column's best value if its interval does not overlap the runner-up's; otherwise -1.</summary>
    private int ClearlyBestRow(MetricColumn column)
    {
        var ranked = Enumerable.Range(0, Rows.Count)
            .Where(r => Rows[r].Values.TryGetValue(column.Key, out double v) && !double.IsNaN(v))
            .OrderBy(r => column.HigherIsBetter ? -Rows[r].Values[column.Key] : Rows[r].Values[column.Key])
            .ToArray();
        if (ranked.Length < 2 || Interval(ranked[0], column.Key) is not ConfidenceInterval best || Interval(ranked[1], column.Key) is not ConfidenceInterval runnerUp)
        {
            return -1;
        }

        return best.Overlaps(runnerUp) ? -1 : ranked[0];
    }

    private double? Best(MetricColumn column)
    {
        var values = Rows.Select(r => r.Values.TryGetValue(column.Key, out double v) ? v : double.NaN).Where(v => !double.IsNaN(v)).ToArray();
        if (values.Length == 0)
        {
            return null;
        }

        return column.HigherIsBetter ? values.Max() : values.Min();
    }

    private static string Format(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Escape(string cell) => cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal) ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
