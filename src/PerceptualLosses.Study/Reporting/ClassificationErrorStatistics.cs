using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PerceptualLosses.Statistics;

namespace PerceptualLosses.Study.Reporting;

/// <summary>
/// Figure 1's uncertainty and judge agreement: a Wilson interval on each classification error (the misclassified
/// images pooled over seeds and over the judges of one kind), Kendall's τ-b with a permutation p-value between the
/// model rankings of each robust and non-robust judge, and for every loss trained with both VGG-19s whether both
/// judges agree which twin is better — the paper's "the choice of the classifier inverts the results" as numbers.
/// </summary>
public static class ClassificationErrorStatistics
{
    /// <summary>Per model, the error of the judges of one kind with its Wilson interval.</summary>
    /// <param name="errors">Figure 1 rows.</param>
    /// <param name="robustJudge">Which kind of judge.</param>
    /// <param name="confidence">Two-sided coverage.</param>
    public static IReadOnlyDictionary<string, ConfidenceInterval> Intervals(IReadOnlyList<JudgedError> errors, bool robustJudge, double confidence = BootstrapOptions.DefaultConfidence)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Where(e => e.RobustJudge == robustJudge)
            .GroupBy(e => e.Model)
            .ToDictionary(g => g.Key, g => WilsonInterval.Compute(g.Sum(e => e.Errors), g.Sum(e => e.Examples), confidence));
    }

    /// <summary>One agreement per (robust judge, non-robust judge) pair, over the models both judged.</summary>
    /// <param name="errors">Figure 1 rows.</param>
    /// <param name="permutations">Permutations and seed of the p-value; <see cref="PermutationOptions.Default"/> when null.</param>
    public static IReadOnlyList<JudgeAgreement> Agreements(IReadOnlyList<JudgedError> errors, PermutationOptions? permutations = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var byJudge = errors.GroupBy(e => (e.Judge, e.RobustJudge))
            .ToDictionary(g => g.Key, g => g.GroupBy(e => e.Model).ToDictionary(m => m.Key, m => m.Average(e => e.Error)));
        var result = new List<JudgeAgreement>();
        foreach (var robust in byJudge.Keys.Where(k => k.RobustJudge).OrderBy(k => k.Judge, StringComparer.Ordinal))
        {
            foreach (var normal in byJudge.Keys.Where(k => !k.RobustJudge).OrderBy(k => k.Judge, StringComparer.Ordinal))
            {
                var a = byJudge[robust];
                var b = byJudge[normal];
                var models = a.Keys.Where(b.ContainsKey).OrderBy(ModelOrder).ThenBy(m => m, StringComparer.Ordinal).ToArray();
                if (models.Length < 2)
                {
                    continue;
                }

                var x = models.Select(m => a[m]).ToArray();
                var y = models.Select(m => b[m]).ToArray();
                var twins = models.Where(m => m.EndsWith(RobustSuffix, StringComparison.Ordinal) && b.ContainsKey(m[..^RobustSuffix.Length]) && a.ContainsKey(m[..^RobustSuffix.Length]))
                    .Select(m => (m[..^RobustSuffix.Length], a[m] - a[m[..^RobustSuffix.Length]], b[m] - b[m[..^RobustSuffix.Length]]))
                    .ToArray();
                result.Add(new JudgeAgreement(
                    robust.Judge + RobustSuffix, normal.Judge, models, x, y, KendallTau.Test(x, y, permutations), twins));
            }
        }

        return result;
    }

    /// <summary><c>judge_pair,models_compared,kendall_tau,p_value,sign_agreement</c>: the permutation p-value, and the fraction of twin pairs on whose better twin the judges agree.</summary>
    public static string AgreementCsv(IReadOnlyList<JudgeAgreement> agreements)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        var text = new StringBuilder("judge_pair,models_compared,kendall_tau,p_value,sign_agreement\n");
        foreach (var a in agreements)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Escape(a.Pair)},{a.Models.Count},{R(a.Ranking.Tau)},{R(a.Ranking.PermutationPValue)},{R(a.SignAgreement)}\n");
        }

        return text.ToString();
    }

    /// <summary>Markdown: per judge pair τ, p-values and sign agreement, then per twin pair the error difference under each judge.</summary>
    public static string AgreementMarkdown(IReadOnlyList<JudgeAgreement> agreements)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        var text = new StringBuilder();
        text.AppendLine("| Judge pair | Models compared | Kendall τ-b | p-value (permutation) | p-value (exact) | Sign agreement (twins) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var a in agreements)
        {
            string exact = a.Ranking.ExactPValue is double p ? p.ToString("0.0000", CultureInfo.InvariantCulture) : "– (ties)";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {a.Pair} | {a.Models.Count} | {a.Ranking.Tau:0.000} | {a.Ranking.PermutationPValue:0.0000} | {exact} | {a.AgreeingTwins}/{a.Twins.Count} |");
        }

        foreach (var a in agreements.Where(a => a.Twins.Count > 0))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Robust − non-robust twin, classification error (points), {a.Pair}:").AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"| Loss | {a.RobustJudge} | {a.NonRobustJudge} | Same sign |");
            text.AppendLine("|---|---:|---:|:---:|");
            foreach (var (loss, robust, normal) in a.Twins)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {loss} | {100 * robust:+0.0;−0.0;0.0} | {100 * normal:+0.0;−0.0;0.0} | {(Math.Sign(robust) == Math.Sign(normal) ? "yes" : "no")} |");
            }
        }

        return text.ToString();
    }

    /// <summary>Markdown table of every model's error (%) with its Wilson interval under both kinds of judge.</summary>
    public static string ErrorsMarkdown(IReadOnlyDictionary<string, ConfidenceInterval> robustJudge, IReadOnlyDictionary<string, ConfidenceInterval> nonRobustJudge)
    {
        ArgumentNullException.ThrowIfNull(robustJudge);
        ArgumentNullException.ThrowIfNull(nonRobustJudge);
        double confidence = robustJudge.Values.Concat(nonRobustJudge.Values).Select(c => c.Confidence).DefaultIfEmpty(BootstrapOptions.DefaultConfidence).First();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| Model | Robust judge error (%) [{100 * confidence:0.#} % Wilson] | Non-robust judge error (%) [{100 * confidence:0.#} % Wilson] |");
        text.AppendLine("|---|---:|---:|");
        foreach (string model in robustJudge.Keys.Union(nonRobustJudge.Keys).OrderBy(ModelOrder).ThenBy(m => m, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {model} | {Cell(robustJudge, model)} | {Cell(nonRobustJudge, model)} |");
        }

        return text.ToString();
    }

    private const string RobustSuffix = " (robust)";

    private static string Cell(IReadOnlyDictionary<string, ConfidenceInterval> intervals, string model) =>
        intervals.TryGetValue(model, out var ci) ? string.Create(CultureInfo.InvariantCulture, $"{100 * ci.Estimate:0.0} [{100 * ci.Low:0.0}, {100 * ci.High:0.0}]") : "–";

    /// <summary>Table 2's loss order, the non-robust model before its robust twin.</summary>
    internal static int ModelOrder(string model)
    {
        bool robust = model.EndsWith(RobustSuffix, StringComparison.Ordinal);
        int loss = StudyTables.LossOrder.ToList().IndexOf(robust ? model[..^RobustSuffix.Length] : model);
        return (loss < 0 ? StudyTables.LossOrder.Count : loss) * 2 + (robust ? 1 : 0);
    }

    private static string Escape(string cell) => cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal) ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    private static string R(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
