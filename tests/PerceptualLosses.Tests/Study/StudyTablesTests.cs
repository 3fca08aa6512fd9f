using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Study.Reporting;
using PerceptualLosses.Statistics;
using Xunit;

namespace PerceptualLosses.Tests.Study;

public class StudyTablesTests
{
    private static EvaluationRecord Record(string loss, bool? robust, int seed, string dataset, string image, double psnr, double gmsd) =>
        new(loss, robust, seed, dataset, image, new Dictionary<string, double> { ["psnr"] = psnr, ["gmsd"] = gmsd });

    private static readonly MetricColumn[] Columns = { new("psnr", "PSNR ↑", true, 2), new("gmsd", "GMSD ↓", false, 3) };

    // Hand-checked example: E has two seeds on Set5 (image means 30 and 32) and one seed on Set14 (image mean 26);
    // the mean of the three run means is (30 + 32 + 26) / 3 = 29.333… (GMSD: (0.15 + 0.30 + 0.05) / 3 = 0.1667);
    // EP (robust) runs: 28 and 27 -> 27.5.
    private static readonly EvaluationRecord[] Records =
    {
        Record("E", null, 0, "Set5", "a.png", 29, 0.10), Record("E", null, 0, "Set5", "b.png", 31, 0.20),
        Record("E", null, 1, "Set5", "a.png", 32, 0.30), Record("E", null, 1, "Set5", "b.png", 32, 0.30),
        Record("E", null, 0, "Set14", "c.png", 26, 0.05),
        Record("EP", true, 0, "Set5", "a.png", 28, 0.01), Record("EP", true, 0, "Set14", "c.png", 27, 0.03),
        Record("EP", false, 0, "Set5", "a.png", 29.5, 0.04),
    };

    [Fact]
    public void Table2_AveragesImagesThenRuns_NoIntervalNorBoldWhereASetHasOneImage()
    {
        string markdown = StudyTables.Table2(Records, Columns).ToMarkdown();

        // Every model has a set with a single image here: no bootstrap interval, so no value is shown as clearly best.
        Assert.Equal(
            "| Loss | Robust | PSNR ↑ | GMSD ↓ |" + Environment.NewLine +
            "|---|---|---:|---:|" + Environment.NewLine +
            "| E | – | 29.33 | 0.167 |" + Environment.NewLine +
            "| EP | ✗ | 29.50 | 0.040 |" + Environment.NewLine +
            "| EP | ✓ | 27.50 | 0.020 |" + Environment.NewLine,
            markdown);
    }

    [Fact]
    public void Table2_PerDatasetUsesOnlyThatDataset_CsvKeepsItsColumnsAndAddsIntervalsAndSeedSpread()
    {
        var csv = StudyTables.Table2(Records, Columns, "Set14").ToCsv();
        Assert.Equal(
            "Loss,Robust,psnr,gmsd,psnr_ci_low,psnr_ci_high,gmsd_ci_low,gmsd_ci_high,psnr_seed_sd,gmsd_seed_sd" + Environment.NewLine +
            "E,–,26,0.05,,,,,," + Environment.NewLine + "EP,✓,27,0.03,,,,,," + Environment.NewLine, csv);
    }

    [Fact]
    public void Table2_SeedSpreadIsTheStandardDeviationOfPerSeedResults()
    {
        // E on Set5: seed 0 images 29, 31 (mean 30), seed 1 images 32, 32 (mean 32): sd = √2.
        var table = StudyTables.Table2(Records, Columns, "Set5");
        Assert.Equal(Math.Sqrt(2), table.SeedDeviations![0]["psnr"], 12);
        Assert.True(double.IsNaN(table.SeedDeviations[1]["psnr"]));
        Assert.Contains("| E | – | 1.41 |", StudyTables.SeedSpread(table)!.ToMarkdown(), StringComparison.Ordinal);
    }

    /// <summary>Three models on two sets of 12 images; <paramref name="gap"/> is how far model "E" is ahead in PSNR.</summary>
    private static EvaluationRecord[] ThreeModels(double gap, int seed = 0)
    {
        var random = new Random(seed);
        var records = new List<EvaluationRecord>();
        foreach (string set in new[] { "SetA", "SetB" })
        {
            for (int i = 0; i < 12; i++)
            {
                double image = 25 + 4 * random.NextDouble();
                records.Add(Record("E", null, 0, set, $"{i}.png", image + gap + 0.2 * random.NextDouble(), 0.1));
                records.Add(Record("EP", false, 0, set, $"{i}.png", image + 0.2 * random.NextDouble(), 0.1 + 0.01 * random.NextDouble()));
                records.Add(Record("EP", true, 0, set, $"{i}.png", image - 1 + 0.2 * random.NextDouble(), 0.1 + 0.01 * random.NextDouble()));
            }
        }

        return records.ToArray();
    }

    [Fact]
    public void Table2_BoldsTheBestOnlyWhereItsIntervalDoesNotOverlapTheRunnerUp()
    {
        var clear = StudyTables.Table2(ThreeModels(gap: 5), Columns);
        string markdown = clear.ToMarkdown();
        var e = clear.Intervals![0]["psnr"];
        Assert.True(e.Low < clear.Rows[0].Values["psnr"] && clear.Rows[0].Values["psnr"] < e.High);
        string F(double v) => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"| E | – | **{F(clear.Rows[0].Values["psnr"])}** [{F(e.Low)}, {F(e.High)}] |", markdown, StringComparison.Ordinal);

        // A lead of 0.1 dB between images that vary by 4 dB: the intervals overlap, nothing is bold.
        Assert.DoesNotContain("**", StudyTables.Table2(ThreeModels(gap: 0.1), new[] { Columns[0] }).ToMarkdown(), StringComparison.Ordinal);
        // GMSD: E's is 0.1 on every image, its twins' above; the intervals [0.1, 0.1] and [0.100x, …] do not overlap.
        Assert.Contains("| E | – | **", StudyTables.Table2(ThreeModels(gap: 0.1), new[] { Columns[1] }).ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("psnr_ci_low,psnr_ci_high", clear.ToCsv(), StringComparison.Ordinal);
    }

    /// <summary>The twin EP models on three sets of 20 images, robust = non-robust + shift + noise.</summary>
    private static EvaluationRecord[] Twins(double shift, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var records = new List<EvaluationRecord>();
        foreach (string set in new[] { "Set5", "Set14", "BSD100" })
        {
            for (int i = 0; i < 20; i++)
            {
                double image = 26 + 2 * Normal();
                records.Add(Record("EP", false, 0, set, $"{i}.png", image, 0.1));
                records.Add(Record("EP", true, 0, set, $"{i}.png", image + shift + Normal(), 0.1));
            }
        }

        return records.ToArray();
    }

    [Fact]
    public void Differences_KnownShiftExcludesZero_ZeroShiftIncludesZeroAtTheStatedRate()
    {
        var psnr = new[] { Columns[0] };
        var shifted = RobustDifferences.Compute(Twins(shift: 1.0, seed: 1), psnr).Single();
        Assert.Equal("EP", shifted.Loss);
        Assert.True(shifted.ExcludesZero, $"[{shifted.Difference.Low}, {shifted.Difference.High}]");
        Assert.True(shifted.Difference.Contains(1.0), $"[{shifted.Difference.Low}, {shifted.Difference.High}] misses the shift");
        Assert.Equal(60, shifted.RobustWins.Pairs);
        Assert.InRange(shifted.RobustWins.Fraction, 0.7, 0.95); // P(1 + N(0,1) > 0) = 0.84

        // 95 % intervals over 100 studies without a difference: about 95 contain 0 (binomial sd ≈ 2.2; percentile
        // intervals under-cover a little at 20 images per set), so at least 90.
        int contains = Enumerable.Range(0, 100)
            .Count(seed => !RobustDifferences.Compute(Twins(shift: 0, seed: 100 + seed), psnr, new BootstrapOptions(Seed: seed)).Single().ExcludesZero);
        Assert.InRange(contains, 90, 100);
    }

    [Fact]
    public void Differences_MarkdownAndCsvListEveryMetric()
    {
        var differences = RobustDifferences.Compute(Twins(shift: 1.0, seed: 2), Columns);
        Assert.Equal(new[] { "psnr", "gmsd" }, differences.Select(d => d.Metric.Key));
        string csv = RobustDifferences.ToCsv(differences);
        Assert.StartsWith("loss,metric,robust_mean,non_robust_mean,difference,ci_low,ci_high,confidence,robust_wins,ties,images,robust_win_fraction\n", csv, StringComparison.Ordinal);
        Assert.Contains(",0,0,0,0.95,0,60,60,0\n", csv, StringComparison.Ordinal); // equal GMSD everywhere: difference 0, all ties
        Assert.Contains("| EP | PSNR ↑ |", RobustDifferences.ToMarkdown(differences), StringComparison.Ordinal);
    }

    [Fact]
    public void Table2_Throws_ForUnknownDataset()
    {
        Assert.Throws<ArgumentException>(() => StudyTables.Table2(Records, Columns, "Urban100"));
    }

    [Fact]
    public void Table1_PrintsPercentagesWithoutBold()
    {
        string markdown = StudyTables.Table1(new[] { ("VGG-19", false, 0.7472, 0.0), ("VGG-19", true, 0.6485, 0.5922) }).ToMarkdown();
        Assert.Contains("| VGG-19 | ✗ | 74.72 | 0.00 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| VGG-19 | ✓ | 64.85 | 59.22 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**", markdown, StringComparison.Ordinal);
    }
}
