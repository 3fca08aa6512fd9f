using System.Collections.Generic;
using PerceptualLosses.Losses;
using Xunit;

namespace PerceptualLosses.Tests.Losses;

public sealed class LossSpecEqualityTests
{
    [Fact]
    public void TwoParsesOfOneText_AreEqual_WithEqualHashCodes()
    {
        var a = LossSpec.Parse("E + 0.2*P(pool2) + 3e-7*T(conv1_1)");
        var b = LossSpec.Parse("E+0.2*P(pool2)+3e-7*T(conv1_1)");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<LossSpec> { a, b });
    }

    [Fact]
    public void PresetAndItsSpelledOutTerms_AreEqual()
    {
        var preset = LossSpec.Parse("EP");
        var spelled = LossSpec.Parse(preset.ToString());

        Assert.Equal(preset, spelled);
    }

    [Theory]
    [InlineData("E + 0.2*P(pool2)", "E + 0.3*P(pool2)")]
    [InlineData("E + 0.2*P(pool2)", "E + 0.2*P(pool5)")]
    [InlineData("E + 0.2*P(pool2)", "0.2*P(pool2) + E")]
    [InlineData("E + 0.2*P(pool2)", "E")]
    public void DifferentWeightsLayersOrderOrTerms_AreNotEqual(string left, string right)
    {
        Assert.NotEqual(LossSpec.Parse(left), LossSpec.Parse(right));
    }

    [Fact]
    public void DifferentTextureOptions_AreNotEqual()
    {
        var paper = LossSpec.Parse("E + T(conv1_1)");
        var patch8 = LossSpec.Parse("E + T(conv1_1)", texture: new TextureOptions(PatchSize: 8));

        Assert.NotEqual(paper, patch8);
        Assert.False(paper.Equals(null));
    }
}
