using System;
using PerceptualLosses.Common;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Common;

public class GuardTests
{
    [Fact]
    public void FiniteMinMax_ReadsFlagMinimumAndMaximum()
    {
        var (finite, min, max) = Guard.FiniteMinMax(tensor(new float[] { 0.25f, -2f, 7.5f, 1f }));

        Assert.True(finite);
        Assert.Equal(-2.0, min);
        Assert.Equal(7.5, max);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void FiniteMinMax_FlagsNonFiniteValues(float bad)
    {
        Assert.False(Guard.FiniteMinMax(tensor(new float[] { 0.5f, bad, 0.25f })).Finite);
    }

    [Fact]
    public void InRange_NamesNaN_BeforeTheRange()
    {
        var error = Assert.Throws<ArgumentException>(() => Guard.InRange(tensor(new float[] { 0.5f, float.NaN, 3f }), 0, 1, "target"));
        Assert.Contains("target contains NaN or Inf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InRange_ReportsTheRangeFound_AndAcceptsValuesInside()
    {
        var error = Assert.Throws<ArgumentException>(() => Guard.InRange(tensor(new float[] { -0.5f, 0.5f, 1.25f }), 0, 1, "target"));
        Assert.Contains("got [-0.5, 1.25]", error.Message, StringComparison.Ordinal);

        Guard.InRange(tensor(new float[] { 0f, 0.5f, 1f }), 0, 1, "target");
        Guard.InRange(zeros(0), 0, 1, "target"); // empty: nothing to check
    }
}
