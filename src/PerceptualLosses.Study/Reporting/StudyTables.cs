using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PerceptualLosses.Statistics;

namespace PerceptualLosses.Study.Reporting;

/// <summary>Builds the paper's tables from evaluation and accuracy records.</summary>
public static class StudyTables
{
    /// <summary>Model order of the paper's Table 2.</summary>
    public static IReadOnlyList<string> LossOrder { get; } = new[] { "bicubic", "E", "EP", "EPT", "ET", "P", "PT" };

    /// <summary>
    /// Table 2: for each model, the mean over (seed, dataset) of the per-(seed, dataset) mean over images — "averaged
    /// across the runs and the benchmark datasets". With <paramref name="dataset"/>, only that dataset (mean over seeds).
    /// Each value carries a percentile bootstrap interval (images resampled within each dataset, per-image values
    /// averaged over seeds first; none where a dataset has fewer than 2 images) and, with several seeds, the standard
    /// deviation over seeds of the per-seed result.
    /// </summary>
    /// <param name="records">Per-image evaluation records.</param>
    /// <param name="columns">Metric columns.</param>
    /// <param name="dataset">Only this dataset; all when null.</param>
    /// <param name="bootstrap">Resamples, confidence and seed; <see cref="BootstrapOptions.Default"/> when null.</param>
    public static ResultTable Table2(IReadOnlyCollection<EvaluationRecord> records, IReadOnlyList<MetricColumn> columns, string? dataset = null, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var chosen = dataset is null ? records : records.Where(r => r.Dataset == dataset).ToArray();
        if (chosen.Count == 0)
        {
            throw new ArgumentException(dataset is null ? "No evaluation records." : $"No evaluation records for dataset {dataset}.", nameof(records));
        }

        var models = chosen
            .GroupBy(r => (r.Loss, r.Robust))
            .OrderBy(g => Order(g.Key.Loss)).ThenBy(g => g.Key.Robust == true)
            .ToArray();
        var rows = new List<(IReadOnlyList<string>, IReadOnlyDictionary<string, double>)>();
        var intervals = new List<IReadOnlyDictionary<string, ConfidenceInterval>>();
        var deviations = new List<IReadOnlyDictionary<string, double>>();
        foreach (var model in models)
        {
            var runs = model.GroupBy(r => (r.Seed, r.Dataset)).ToArray();
            var values = new Dictionary<string, double>();
            var cis = new Dictionary<string, ConfidenceInterval>();
            var sds = new Dictionary<string, double>();
            foreach (var column in columns)
            {
                var runMeans = runs
                    .Select(run => run.Where(r => r.Metrics.ContainsKey(column.Key)).Select(r => r.Metrics[column.Key]).DefaultIfEmpty(double.NaN).Average())
                    .Where(v => !double.IsNaN(v))
                    .ToArray();
                values[column.Key] = runMeans.Length == 0 ? double.NaN : runMeans.Average();
                if (runMeans.Length == 0)
                {
                    continue;
                }

                var strata = ImagesBySet(model, column.Key);
                if (strata.All(s => s.Count >= 2))
                {
                    cis[column.Key] = BootstrapInterval.StratifiedMean(strata, bootstrap);
                }

                var perSeed = model.Where(r => r.Metrics.ContainsKey(column.Key)).GroupBy(r => r.Seed)
                    .Select(seed => seed.GroupBy(r => r.Dataset).Average(set => set.Average(r => r.Metrics[column.Key])))
                    .ToArray();
                sds[column.Key] = perSeed.Length >= 2 ? SeedStandardDeviation.Compute(perSeed) : double.NaN;
            }

            rows.Add((new[] { model.Key.Loss, RobustLabel(model.Key.Robust) }, values));
            intervals.Add(cis);
            deviations.Add(sds);
        }

        return new ResultTable(new[] { "Loss", "Robust" }, columns, rows, boldBest: true, intervals, deviations);
    }

    /// <summary>Per dataset (in name order), each image's value of <paramref name="key"/> averaged over the seeds that scored it.</summary>
    internal static IReadOnlyList<double>[] ImagesBySet(IEnumerable<EvaluationRecord> records, string key) =>
        records.Where(r => r.Metrics.ContainsKey(key))
            .GroupBy(r => r.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(set => (IReadOnlyList<double>)set.GroupBy(r => r.Image).OrderBy(g => g.Key, StringComparer.Ordinal).Select(image => image.Average(r => r.Metrics[key])).ToArray())
            .ToArray();

    /// <summary>The seed standard deviations of a Table 2 as a table of their own (no bold); null with one seed per model.</summary>
    public static ResultTable? SeedSpread(ResultTable table2)
    {
        ArgumentNullException.ThrowIfNull(table2);
        if (table2.SeedDeviations is null || !table2.SeedDeviations.Any(d => d.Values.Any(v => !double.IsNaN(v))))
        {
            return null;
        }

        var rows = table2.Rows.Select((row, i) => (row.Labels, table2.SeedDeviations[i])).ToArray();
        return new ResultTable(table2.LabelHeaders, table2.Columns, rows, boldBest: false);
    }

    /// <summary>One paragraph saying how a Table 2's intervals and bold values are made.</summary>
    public static string Table2Note(BootstrapOptions? bootstrap = null)
    {
        var b = bootstrap ?? BootstrapOptions.Default;
        string interval = string.Create(CultureInfo.InvariantCulture, $"[low, high]: {100 * b.Confidence:0.#} % percentile bootstrap interval of the mean (B = {b.Resamples}, seed {b.Seed}; ");
        return interval + "images resampled within each set, per-image values averaged over seeds first; none where a set has fewer than 2 images). " +
            "Bold: the best value of a column, only where its interval does not overlap the runner-up's.";
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
