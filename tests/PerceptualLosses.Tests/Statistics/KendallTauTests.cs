using System;
using System.Linq;
using PerceptualLosses.Statistics;
using Xunit;

namespace PerceptualLosses.Tests.Statistics;

public class KendallTauTests
{
    private static (double[] X, double[] Y, System.Text.Json.JsonElement Case)[] Cases() =>
        StatisticsFixtures.Json.GetProperty("kendall").EnumerateArray()
            .Select(c => (StatisticsFixtures.Doubles(c.GetProperty("x")), StatisticsFixtures.Doubles(c.GetProperty("y")), c)).ToArray();

    [Fact]
    public void Tau_MatchesScipyKendalltau_WithAndWithoutTies()
    {
        foreach (var (x, y, reference) in Cases())
        {
            Assert.Equal(reference.GetProperty("tau").GetDouble(), KendallTau.Compute(x, y), 14);
        }
    }

    [Fact]
    public void ExactPValue_MatchesScipyMethodExact_AndIsNullWithTies()
    {
        foreach (var (x, y, reference) in Cases())
        {
            double? ours = KendallTau.ExactPValue(x, y);
            if (reference.TryGetProperty("exact_p", out var exact))
            {
                Assert.NotNull(ours);
                Assert.Equal(exact.GetDouble(), ours!.Value, 1e-12 * Math.Max(1, exact.GetDouble()));
                Assert.True(Math.Abs(exact.GetDouble() - ours.Value) <= 1e-12 * exact.GetDouble() + 1e-300, $"exact p {ours} vs SciPy {exact.GetDouble()}");
            }
            else
            {
                Assert.Null(ours);
            }
        }
    }

    [Fact]
    public void PermutationPValue_MatchesExactAndEnumeratedPValuesWithinMonteCarloError()
    {
        var options = new PermutationOptions(Permutations: 20000, Seed: 11);
        foreach (var (x, y, reference) in Cases())
        {
            double? expected = reference.TryGetProperty("permutation_p", out var enumerated) ? enumerated.GetDouble()
                : reference.TryGetProperty("exact_p", out var exact) ? exact.GetDouble() : null;
            if (expected is not double p)
            {
                continue;
            }

            var test = KendallTau.Test(x, y, options);
            // Monte-Carlo standard error √(p(1−p)/B), plus the +1 of the (count + 1)/(B + 1) estimator.
            double tolerance = 4 * Math.Sqrt(p * (1 - p) / options.Permutations) + 1.0 / (options.Permutations + 1);
            Assert.True(Math.Abs(test.PermutationPValue - p) <= tolerance, $"n = {x.Length}: permutation p {test.PermutationPValue} vs reference {p} (tolerance {tolerance})");
            Assert.Equal(reference.GetProperty("tau").GetDouble(), test.Tau, 14);
            Assert.Equal(options.Permutations, test.Permutations);
            Assert.Equal(x.Length, test.Count);
        }
    }

    [Fact]
    public void Test_IsSeeded()
    {
        var (x, y, _) = Cases()[0];
        Assert.Equal(KendallTau.Test(x, y, new PermutationOptions(1000, 5)), KendallTau.Test(x, y, new PermutationOptions(1000, 5)));
    }

    [Fact]
    public void PerfectAgreementAndReversal_GiveOneAndMinusOne_ConstantGivesNaN()
    {
        double[] x = { 1, 2, 3, 4 };
        Assert.Equal(1.0, KendallTau.Compute(x, new[] { 10.0, 20, 30, 40 }));
        Assert.Equal(-1.0, KendallTau.Compute(x, new[] { 4.0, 3, 2, 1 }));
        Assert.True(double.IsNaN(KendallTau.Compute(x, new[] { 5.0, 5, 5, 5 })));
    }

    [Fact]
    public void Throws_ForUnpairedOrNonFiniteInput()
    {
        var unpaired = Assert.Throws<ArgumentException>(() => KendallTau.Compute(new[] { 1.0, 2 }, new[] { 1.0, 2, 3 }));
        Assert.Equal("y", unpaired.ParamName);
        Assert.Throws<ArgumentException>(() => KendallTau.Compute(new[] { 1.0, double.NaN }, new[] { 1.0, 2 }));
        Assert.Throws<ArgumentException>(() => KendallTau.Compute(new[] { 1.0 }, new[] { 1.0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => KendallTau.Test(new[] { 1.0, 2 }, new[] { 1.0, 2 }, new PermutationOptions(Permutations: 5)));
    }
}
