using System.Collections.Generic;
using PerceptualLosses.Statistics;

namespace PerceptualLosses.Study.Reporting;

/// <summary>How far a robust and a non-robust judge agree on the models of Figure 1.</summary>
/// <param name="RobustJudge">The robust judge's name.</param>
/// <param name="NonRobustJudge">The non-robust judge's name.</param>
/// <param name="Models">Models both judged, in the order of the error lists.</param>
/// <param name="RobustErrors">Error per model (mean over seeds) under the robust judge.</param>
/// <param name="NonRobustErrors">Error per model under the non-robust judge.</param>
/// <param name="Ranking">Kendall's τ-b between the two error lists with its p-values.</param>
/// <param name="Twins">Per loss trained with both VGG-19s: the robust − non-robust error difference under each judge.</param>
public sealed record JudgeAgreement(
    string RobustJudge,
    string NonRobustJudge,
    IReadOnlyList<string> Models,
    IReadOnlyList<double> RobustErrors,
    IReadOnlyList<double> NonRobustErrors,
    KendallTauTest Ranking,
    IReadOnlyList<(string Loss, double RobustJudgeDifference, double NonRobustJudgeDifference)> Twins)
{
    /// <summary>Judge pair as printed: <c>robust judge vs non-robust judge</c>.</summary>
    public string Pair => $"{RobustJudge} vs {NonRobustJudge}";

    /// <summary>Twin pairs whose difference has the same sign (−, 0, +) under both judges.</summary>
    public int AgreeingTwins
    {
        get
        {
            int agree = 0;
            foreach (var twin in Twins)
            {
                agree += System.Math.Sign(twin.RobustJudgeDifference) == System.Math.Sign(twin.NonRobustJudgeDifference) ? 1 : 0;
            }

            return agree;
        }
    }

    /// <summary>Fraction of twin pairs on which both judges agree which twin is better; NaN without twins.</summary>
    public double SignAgreement => Twins.Count == 0 ? double.NaN : (double)AgreeingTwins / Twins.Count;
}
