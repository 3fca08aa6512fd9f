using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Statistics;
using Xunit;

namespace PerceptualLosses.Tests.Statistics;

public class BootstrapIntervalTests
{
    /// <summary>
    /// Allowed |ours − SciPy's| for a percentile end: 4 standard deviations of the difference of two independent
    /// Monte-Carlo estimates. One estimate of the α-quantile from B resamples has a standard deviation of about
    /// σ*·√(α(1−α)/B)/φ(z_α) (σ* the bootstrap standard error); SciPy's used 200 000 resamples.
    /// </summary>
    private static double Tolerance(JsonElement reference, int resamples)
    {
        double confidence = reference.GetProperty("confidence").GetDouble();
        double alpha = (1 - confidence) / 2;
        double z = Math.Abs(NormalQuantile.Of(alpha));
        double density = Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        double sigma = reference.GetProperty("standard_error").GetDouble();
        double perResample = sigma * Math.Sqrt(alpha * (1 - alpha)) / density;
        return 4 * perResample * Math.Sqrt(1.0 / resamples + 1.0 / StatisticsFixtures.ScipyResamples);
    }

    private static void AssertMatches(JsonElement reference, ConfidenceInterval ours, int resamples)
    {
        double tolerance = Tolerance(reference, resamples);
        Assert.Equal(reference.GetProperty("estimate").GetDouble(), ours.Estimate, 1e-10);
        Assert.True(Math.Abs(ours.Low - reference.GetProperty("low").GetDouble()) <= tolerance, $"low {ours.Low} vs SciPy {reference.GetProperty("low").GetDouble()} (tolerance {tolerance})");
        Assert.True(Math.Abs(ours.High - reference.GetProperty("high").GetDouble()) <= tolerance, $"high {ours.High} vs SciPy {reference.GetProperty("high").GetDouble()} (tolerance {tolerance})");
    }

    private static JsonElement Reference(string name) => StatisticsFixtures.Json.GetProperty("bootstrap").GetProperty(name);

    [Theory]
    [InlineData(BootstrapOptions.DefaultResamples)]
    [InlineData(20000)]
    public void Mean_MatchesScipyPercentileBootstrap(int resamples)
    {
        var ours = BootstrapInterval.Mean(StatisticsFixtures.Scores("model_a", "SetC"), new BootstrapOptions(resamples, 0.95, Seed: 3));
        AssertMatches(Reference("single"), ours, resamples);
    }

    [Fact]
    public void Mean_MatchesScipyAtAnotherConfidence()
    {
        var ours = BootstrapInterval.Mean(StatisticsFixtures.Scores("model_a", "SetC"), new BootstrapOptions(20000, 0.90, Seed: 4));
        Assert.Equal(0.90, ours.Confidence);
        AssertMatches(Reference("single90"), ours, 20000);
    }

    [Theory]
    [InlineData(BootstrapOptions.DefaultResamples)]
    [InlineData(20000)]
    public void StratifiedMean_MatchesScipyWithIndependentSamples(int resamples)
    {
        var ours = BootstrapInterval.StratifiedMean(StatisticsFixtures.AllSets("model_a"), new BootstrapOptions(resamples, Seed: 5));
        AssertMatches(Reference("stratified"), ours, resamples);
    }

    [Theory]
    [InlineData(BootstrapOptions.DefaultResamples)]
    [InlineData(20000)]
    public void PairedDifference_MatchesScipyPairedBootstrap(int resamples)
    {
        var ours = BootstrapInterval.PairedDifference(StatisticsFixtures.Scores("model_b", "SetB"), StatisticsFixtures.Scores("model_a", "SetB"), new BootstrapOptions(resamples, Seed: 6));
        AssertMatches(Reference("paired"), ours, resamples);
    }

    [Fact]
    public void PairedDifference_IsNarrowerThanUnpairedForCorrelatedScores()
    {
        // Model B = model A + shift + small noise: pairing removes the spread between images.
        double[] a = StatisticsFixtures.Scores("model_a", "SetC"), b = StatisticsFixtures.Scores("model_b", "SetC");
        var paired = BootstrapInterval.PairedDifference(b, a);
        var meanOfB = BootstrapInterval.Mean(b);
        Assert.True(paired.High - paired.Low < 0.5 * (meanOfB.High - meanOfB.Low), $"paired width {paired.High - paired.Low}, one sample {meanOfB.High - meanOfB.Low}");
    }

    [Fact]
    public void SameSeed_GivesTheSameInterval_AnotherSeedAnother()
    {
        var data = StatisticsFixtures.Scores("model_a", "SetB");
        Assert.Equal(BootstrapInterval.Mean(data, new BootstrapOptions(Seed: 1)), BootstrapInterval.Mean(data, new BootstrapOptions(Seed: 1)));
        Assert.NotEqual(BootstrapInterval.Mean(data, new BootstrapOptions(Seed: 1)), BootstrapInterval.Mean(data, new BootstrapOptions(Seed: 2)));
    }

    [Fact]
    public void KnownShift_GivesIntervalExcludingZero_ZeroShiftIncludesZeroAtTheStatedRate()
    {
        // Two "models" on three sets of 20 images: B = A + shift + N(0, 1) per image. Over 100 data sets and seeds a
        // 95 % interval of the zero-shift difference must contain 0 in about 95 of them (percentile intervals
        // under-cover a little at n = 20 per set; ≥ 90 leaves room for that and for binomial noise, sd ≈ 2.2).
        int contains = 0;
        for (int trial = 0; trial < 100; trial++)
        {
            var (a, b) = PairedSets(trial, shift: 0);
            contains += BootstrapInterval.StratifiedPairedDifference(b, a, new BootstrapOptions(Seed: trial)).Contains(0) ? 1 : 0;
        }

        Assert.InRange(contains, 90, 100);
        var (x, y) = PairedSets(1000, shift: 1.0);
        var shifted = BootstrapInterval.StratifiedPairedDifference(y, x);
        Assert.False(shifted.Contains(0), $"interval [{shifted.Low}, {shifted.High}] of a shift of 1 contains 0");
        Assert.True(shifted.Contains(1.0), $"interval [{shifted.Low}, {shifted.High}] misses the true shift 1");
    }

    private static (IReadOnlyList<double>[] A, IReadOnlyList<double>[] B) PairedSets(int seed, double shift)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var a = new IReadOnlyList<double>[3];
        var b = new IReadOnlyList<double>[3];
        for (int s = 0; s < 3; s++)
        {
            double[] scores = Enumerable.Range(0, 20).Select(_ => 25 + 3 * s + 2 * Normal()).ToArray();
            a[s] = scores;
            b[s] = scores.Select(v => v + shift + Normal()).ToArray();
        }

        return (a, b);
    }

    [Fact]
    public void Throws_ForNaN_TooFewValues_MismatchedPairs_AndBadOptions()
    {
        var nan = Assert.Throws<ArgumentException>(() => BootstrapInterval.Mean(new[] { 1.0, double.NaN, 2.0 }));
        Assert.Contains("finite", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BootstrapInterval.Mean(new[] { 1.0 }));
        Assert.Throws<ArgumentException>(() => BootstrapInterval.StratifiedMean(Array.Empty<IReadOnlyList<double>>()));
        var pairs = Assert.Throws<ArgumentException>(() => BootstrapInterval.PairedDifference(new[] { 1.0, 2.0 }, new[] { 1.0, 2.0, 3.0 }));
        Assert.Equal("b", pairs.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => BootstrapInterval.Mean(new[] { 1.0, 2.0 }, new BootstrapOptions(Resamples: 10)));
        var confidence = Assert.Throws<ArgumentOutOfRangeException>(() => BootstrapInterval.Mean(new[] { 1.0, 2.0 }, new BootstrapOptions(Confidence: 95)));
        Assert.Equal("Confidence", confidence.ParamName);
    }

    [Fact]
    public void Percentile_InterpolatesLinearlyAsNumPy()
    {
        // np.percentile([1, 2, 4, 8], [0, 2.5, 50, 97.5, 100]) = [1, 1.075, 3, 7.7, 8]
        double[] sorted = { 1, 2, 4, 8 };
        Assert.Equal(1.0, BootstrapInterval.Percentile(sorted, 0), 12);
        Assert.Equal(1.075, BootstrapInterval.Percentile(sorted, 0.025), 12);
        Assert.Equal(3.0, BootstrapInterval.Percentile(sorted, 0.5), 12);
        Assert.Equal(7.7, BootstrapInterval.Percentile(sorted, 0.975), 12);
        Assert.Equal(8.0, BootstrapInterval.Percentile(sorted, 1), 12);
    }
}
