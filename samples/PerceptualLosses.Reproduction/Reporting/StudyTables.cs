using System;
using System.Collections.Generic;
using System.Linq;

namespace PerceptualLosses.Reproduction.Reporting;

/// <summary>Builds the paper's tables from evaluation and accuracy records.</summary>
public static class StudyTables
{
    /// <summary>Model order of the paper's Table 2.</summary>
    public static IReadOnlyList<string> LossOrder { get; } = new[] { "bicubic", "E", "EP", "EPT", "ET", "P", "PT" };

    /// <summary>
    /// Table 2: for each model, the mean over (seed, dataset) of the per-(seed, dataset) mean over images — "averaged
    /// across the runs and the benchmark datasets". With <paramref name="dataset"/>, only that dataset (mean over seeds).
    /// </summary>
    public static ResultTable Table2(IReadOnlyCollection<EvaluationRecord> records, IReadOnlyList<MetricColumn> columns, string? dataset = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var chosen = dataset is null ? records : records.Where(r => r.Dataset == dataset).ToArray();
        if (chosen.Count == 0)
        {
            throw new ArgumentException(dataset is null ? "No evaluation records." : $"No evaluation records for dataset {dataset}.", nameof(records));
        }

        var rows = chosen
            .GroupBy(r => (r.Loss, r.Robust))
            .OrderBy(g => Order(g.Key.Loss)).ThenBy(g => g.Key.Robust == true)
            .Select(model =>
            {
                var runs = model.GroupBy(r => (r.Seed, r.Dataset)).ToArray();
                var values = new Dictionary<string, double>();
                foreach (var column in columns)
                {
                    var runMeans = runs
                        .Select(run => run.Where(r => r.Metrics.ContainsKey(column.Key)).Select(r => r.Metrics[column.Key]).DefaultIfEmpty(double.NaN).Average())
                        .Where(v => !double.IsNaN(v))
                        .ToArray();
                    values[column.Key] = runMeans.Length == 0 ? double.NaN : runMeans.Average();
                }

                IReadOnlyList<string> labels = new[] { model.Key.Loss, RobustLabel(model.Key.Robust) };
                return (labels, (IReadOnlyDictionary<string, double>)values);
            })
            .ToArray();
        return new ResultTable(new[] { "Loss", "Robust" }, columns, rows);
    }

    /// <summary>Table 1: clean and adversarial accuracy (percent) per classifier.</summary>
    public static ResultTable Table1(IReadOnlyList<(string Model, bool Robust, double Accuracy, double AdversarialAccuracy)> classifiers)
    {
        ArgumentNullException.ThrowIfNull(classifiers);
        var columns = new[]
        {
            new MetricColumn("accuracy", "Accuracy (%)", true, 2),
            new MetricColumn("adversarial_accuracy", "Adversarial accuracy (%)", true, 2),
        };
        var rows = classifiers.Select(c => (
            (IReadOnlyList<string>)new[] { c.Model, RobustLabel(c.Robust) },
            (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["accuracy"] = 100 * c.Accuracy, ["adversarial_accuracy"] = 100 * c.AdversarialAccuracy })).ToArray();
        return new ResultTable(new[] { "Model", "Robust" }, columns, rows, boldBest: false);
    }

    /// <summary>"✓", "✗" or "–" (no feature network).</summary>
    public static string RobustLabel(bool? robust) => robust switch { true => "✓", false => "✗", null => "–" };

    private static int Order(string loss)
    {
        int index = LossOrder.ToList().IndexOf(loss);
        return index < 0 ? int.MaxValue : index;
    }
}
