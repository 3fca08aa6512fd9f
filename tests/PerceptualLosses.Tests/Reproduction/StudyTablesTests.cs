using System;
using System.Collections.Generic;
using PerceptualLosses.Reproduction.Reporting;
using Xunit;

namespace PerceptualLosses.Tests.Reproduction;

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
    public void Table2_AveragesImagesThenRunsAndBoldsTheBestPerColumn()
    {
        string markdown = StudyTables.Table2(Records, Columns).ToMarkdown();

        Assert.Equal(
            "| Loss | Robust | PSNR ↑ | GMSD ↓ |" + Environment.NewLine +
            "|---|---|---:|---:|" + Environment.NewLine +
            "| E | – | 29.33 | 0.167 |" + Environment.NewLine +
            "| EP | ✗ | **29.50** | 0.040 |" + Environment.NewLine +
            "| EP | ✓ | 27.50 | **0.020** |" + Environment.NewLine,
            markdown);
    }

    [Fact]
    public void Table2_PerDatasetUsesOnlyThatDataset()
    {
        var csv = StudyTables.Table2(Records, Columns, "Set14").ToCsv();
        Assert.Equal("Loss,Robust,psnr,gmsd" + Environment.NewLine + "E,–,26,0.05" + Environment.NewLine + "EP,✓,27,0.03" + Environment.NewLine, csv);
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
