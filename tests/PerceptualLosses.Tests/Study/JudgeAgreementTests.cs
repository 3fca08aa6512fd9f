using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Study.Reporting;
using PerceptualLosses.Statistics;
using Xunit;

namespace PerceptualLosses.Tests.Study;

public class JudgeAgreementTests
{
    private static readonly string[] Models = { "E", "EP", "EP (robust)", "P", "P (robust)" };

    /// <summary>The robust judge's errors rise along <see cref="Models"/>; the non-robust judge's follow <paramref name="normal"/>.</summary>
    private static List<JudgedError> Errors(double[] normal, int seeds = 1)
    {
        var errors = new List<JudgedError>();
        for (int seed = 0; seed < seeds; seed++)
        {
            for (int i = 0; i < Models.Length; i++)
            {
                errors.Add(new JudgedError(Models[i], seed, "ResNet-50", true, 200, (40 + 10 * i + seed) / 200.0));
                errors.Add(new JudgedError(Models[i], seed, "ResNet-50", false, 200, normal[i] + seed / 200.0));
            }
        }

        return errors;
    }

    [Fact]
    public void ReversedRankings_GiveTauMinusOne_AndNoTwinAgrees()
    {
        var agreement = ClassificationErrorStatistics.Agreements(Errors(new[] { 0.5, 0.45, 0.4, 0.35, 0.3 })).Single();
        Assert.Equal("ResNet-50 (robust) vs ResNet-50", agreement.Pair);
        Assert.Equal(Models, agreement.Models);
        Assert.Equal(-1.0, agreement.Ranking.Tau, 12);
        // No ties, n = 5: exact p = 2/5! (SciPy's kendalltau(method='exact')), the permutation p-value within MC error.
        Assert.Equal(2.0 / 120, agreement.Ranking.ExactPValue!.Value, 12);
        Assert.InRange(agreement.Ranking.PermutationPValue, 2.0 / 120 - 0.006, 2.0 / 120 + 0.006);
        Assert.Equal(2, agreement.Twins.Count);
        Assert.Equal(0.0, agreement.SignAgreement);

        string csv = ClassificationErrorStatistics.AgreementCsv(new[] { agreement });
        var lines = csv.Split('\n');
        Assert.Equal("judge_pair,models_compared,kendall_tau,p_value,sign_agreement", lines[0]);
        var cells = lines[1].Split(',');
        Assert.Equal(new[] { "ResNet-50 (robust) vs ResNet-50", "5" }, cells[..2]);
        Assert.Equal(-1.0, double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(agreement.Ranking.PermutationPValue, double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith(",0", lines[1], StringComparison.Ordinal);
        Assert.Contains("| EP | +5.0 | −5.0 | no |", ClassificationErrorStatistics.AgreementMarkdown(new[] { agreement }), StringComparison.Ordinal);
    }

    [Fact]
    public void AgreeingJudges_GiveTauOne_AndEveryTwinAgrees()
    {
        var agreement = ClassificationErrorStatistics.Agreements(Errors(new[] { 0.1, 0.2, 0.3, 0.4, 0.5 }, seeds: 2)).Single();
        Assert.Equal(1.0, agreement.Ranking.Tau, 12);
        Assert.Equal(1.0, agreement.SignAgreement);
    }

    [Fact]
    public void Intervals_PoolTheMisclassifiedImagesOverSeeds_WithWilson()
    {
        var intervals = ClassificationErrorStatistics.Intervals(Errors(new[] { 0.5, 0.45, 0.4, 0.35, 0.3 }, seeds: 2), robustJudge: true);
        // E: 40 and 41 errors of 200 per seed = 81 of 400.
        Assert.Equal(WilsonInterval.Compute(81, 400), intervals["E"]);
        string markdown = ClassificationErrorStatistics.ErrorsMarkdown(intervals, intervals);
        Assert.Contains("| E | 20.3 [", markdown, StringComparison.Ordinal);
    }
}
