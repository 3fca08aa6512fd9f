using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>2AFC scoring of a distance against human judgements (BAPPS; Zhang et al. 2018).</summary>
public static class TwoAlternativeForcedChoice
{
    /// <summary>
    /// Per-triplet agreement with humans: judge = fraction of people preferring p₁ (closer to the reference).
    /// Score = (1 − judge) if d₀ &lt; d₁, judge if d₁ &lt; d₀, ½ on ties — the reference's <c>score_2afc_dataset</c>.
    /// </summary>
    /// <param name="d0">Distances reference–p₀, <c>[B]</c>.</param>
    /// <param name="d1">Distances reference–p₁, <c>[B]</c>.</param>
    /// <param name="judge">Human preference for p₁ in [0,1], <c>[B]</c>.</param>
    public static Tensor Scores(Tensor d0, Tensor d1, Tensor judge)
    {
        Guard.SameShape(d0, d1);
        Guard.SameShape(d0, judge);
        Guard.InRange(judge, 0, 1);
        using var scope = NewDisposeScope();
        var first = d0.lt(d1).to_type(judge.dtype);
        var second = d1.lt(d0).to_type(judge.dtype);
        var tie = d0.eq(d1).to_type(judge.dtype);
        return (first * (1 - judge) + second * judge + tie * 0.5).MoveToOuterDisposeScope();
    }
}
