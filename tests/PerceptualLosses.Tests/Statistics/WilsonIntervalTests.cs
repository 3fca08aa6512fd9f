using System;
using PerceptualLosses.Statistics;
using Xunit;

namespace PerceptualLosses.Tests.Statistics;

public class WilsonIntervalTests
{
    [Fact]
    public void Compute_MatchesTheFormulaWithScipyQuantiles()
    {
        foreach (var c in StatisticsFixtures.Json.GetProperty("wilson").EnumerateArray())
        {
            int k = c.GetProperty("k").GetInt32(), n = c.GetProperty("n").GetInt32();
            var ours = WilsonInterval.Compute(k, n, c.GetProperty("confidence").GetDouble());
            Assert.Equal((double)k / n, ours.Estimate, 15);
            Assert.Equal(Math.Max(0, c.GetProperty("low").GetDouble()), ours.Low, 13);
            Assert.Equal(Math.Min(1, c.GetProperty("high").GetDouble()), ours.High, 13);
        }
    }

    [Fact]
    public void Compute_Throws_ForImpossibleCounts()
    {
        Assert.Equal("successes", Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(11, 10)).ParamName);
        Assert.Equal("trials", Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(0, 0)).ParamName);
        Assert.Equal("confidence", Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(1, 10, 1.0)).ParamName);
    }

    [Fact]
    public void NormalQuantile_MatchesScipyNormPpf()
    {
        foreach (var c in StatisticsFixtures.Json.GetProperty("normal_quantiles").EnumerateArray())
        {
            double z = c.GetProperty("z").GetDouble();
            Assert.True(Math.Abs(NormalQuantile.Of(c.GetProperty("p").GetDouble()) - z) <= 1e-14 * Math.Max(1, Math.Abs(z)), $"p = {c.GetProperty("p").GetDouble()}: {NormalQuantile.Of(c.GetProperty("p").GetDouble())} vs SciPy {z}");
        }
    }
}
