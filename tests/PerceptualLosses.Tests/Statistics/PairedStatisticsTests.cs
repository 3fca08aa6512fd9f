using System;
using PerceptualLosses.Statistics;
using Xunit;

namespace PerceptualLosses.Tests.Statistics;

public class PairedStatisticsTests
{
    [Fact]
    public void PairedWins_CountsByDirection_TiesAreNoWin()
    {
        double[] robust = { 30, 28, 27, 26 }, normal = { 29, 28, 28, 25 };
        var higher = PairedWins.Of(robust, normal, higherIsBetter: true);
        Assert.Equal((2, 1, 1), (higher.Wins, higher.Ties, higher.Losses));
        Assert.Equal(0.5, higher.Fraction);
        var lower = PairedWins.Of(robust, normal, higherIsBetter: false);
        Assert.Equal((1, 1, 2), (lower.Wins, lower.Ties, lower.Losses));
        Assert.Equal(4, lower.Pairs);
    }

    [Fact]
    public void PairedWins_Throws_ForUnequalLengths()
    {
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => PairedWins.Of(new[] { 1.0 }, new[] { 1.0, 2.0 }, true)).ParamName);
    }

    [Fact]
    public void SeedStandardDeviation_MatchesNumPyStdWithDdof1()
    {
        var reference = StatisticsFixtures.Json.GetProperty("seed_sd");
        Assert.Equal(reference.GetProperty("std_ddof1").GetDouble(), SeedStandardDeviation.Compute(StatisticsFixtures.Doubles(reference.GetProperty("values"))), 14);
        Assert.Throws<ArgumentException>(() => SeedStandardDeviation.Compute(new[] { 1.0 }));
    }

    [Fact]
    public void ConfidenceInterval_ContainsAndOverlaps()
    {
        var a = new ConfidenceInterval(1, 0.5, 1.5, 0.95);
        Assert.True(a.Contains(1.5));
        Assert.False(a.Contains(1.6));
        Assert.True(a.Overlaps(new ConfidenceInterval(2, 1.5, 2.5, 0.95)));
        Assert.False(a.Overlaps(new ConfidenceInterval(2, 1.6, 2.5, 0.95)));
    }
}
