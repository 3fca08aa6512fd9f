using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace PerceptualLosses.Reproduction.Reporting;

/// <summary>
/// A table of labelled rows and metric columns that renders as Markdown (best value per column in bold, as in the
/// paper) and as CSV (full precision, no markup). Missing values print as "–" / empty.
/// </summary>
public sealed class ResultTable
{
    /// <summary>Creates a table.</summary>
    /// <param name="labelHeaders">Headers of the label columns (e.g. Loss, Robust).</param>
    /// <param name="columns">Metric columns.</param>
    /// <param name="rows">Labels (one per label header) and values by metric key.</param>
    /// <param name="boldBest">Print the best value of each column in bold.</param>
    public ResultTable(IReadOnlyList<string> labelHeaders, IReadOnlyList<MetricColumn> columns, IReadOnlyList<(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, double> Values)> rows, bool boldBest = true)
    {
        BoldBest = boldBest;
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
    }

    /// <summary>Whether the best value of each column is printed in bold.</summary>
    public bool BoldBest { get; }

    /// <summary>Headers of the label columns.</summary>
    public IReadOnlyList<string> LabelHeaders { get; }

    /// <summary>Metric columns.</summary>
    public IReadOnlyList<MetricColumn> Columns { get; }

    /// <summary>The rows.</summary>
    public IReadOnlyList<(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, double> Values)> Rows { get; }

    /// <summary>Markdown with the best value of each column in bold (ties: all best values bold).</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var headers = LabelHeaders.Concat(Columns.Select(c => c.Header)).ToArray();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Concat(LabelHeaders.Select(_ => "---|")) + string.Concat(Columns.Select(_ => "---:|")));
        var best = Columns.ToDictionary(c => c.Key, Best);
        foreach (var (labels, values) in Rows)
        {
            var cells = labels.ToList();
            foreach (var column in Columns)
            {
                if (!values.TryGetValue(column.Key, out double value) || double.IsNaN(value))
                {
                    cells.Add("–");
                    continue;
                }

                string formatted = Format(value, column.Decimals);
                bool isBest = BoldBest && best[column.Key] is double b && Format(b, column.Decimals) == formatted;
                cells.Add(isBest ? $"**{formatted}**" : formatted);
            }

            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        return text.ToString();
    }

    /// <summary>CSV with a header row of label headers and metric keys; values in round-trip precision.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", LabelHeaders.Select(Escape).Concat(Columns.Select(c => c.Key))));
        foreach (var (labels, values) in Rows)
        {
            var cells = labels.Select(Escape).Concat(Columns.Select(c =>
                values.TryGetValue(c.Key, out double v) && !double.IsNaN(v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""));
            text.AppendLine(string.Join(",", cells));
        }

        return text.ToString();
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
