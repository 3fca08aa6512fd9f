using System;
using System.Linq;
using PerceptualLosses.Losses;
using Xunit;

namespace PerceptualLosses.Tests.Losses;

public class LossSpecTests
{
    [Fact]
    public void Parse_ReadsWeightedTermsWithLayers()
    {
        var spec = LossSpec.Parse("E + 0.2*P(pool2) + 0.02*P(pool5) + 3e-7*T(relu1_1) + 1e-6*T(relu2_1)");

        Assert.Equal(
            new[] { "E", "P(pool2)", "P(pool5)", "T(relu1_1)", "T(relu2_1)" },
            spec.Terms.Select(t => t.Name));
        Assert.Equal(new[] { 1.0, 0.2, 0.02, 3e-7, 1e-6 }, spec.Terms.Select(t => t.Weight));
        Assert.Equal(new[] { "pool2", "pool5", "relu1_1", "relu2_1" }, spec.FeatureLayers);
    }

    [Fact]
    public void Parse_IgnoresWhitespaceAndRoundTripsThroughToString()
    {
        var spec = LossSpec.Parse("  2.5 * E+1e-6*T( conv1_1 )  ");
        Assert.Equal("2.5*E + 1E-06*T(conv1_1)", spec.ToString());
        Assert.Equal(spec.Terms, LossSpec.Parse(spec.ToString()).Terms);
    }

    [Theory]
    [InlineData("E", new[] { "E" })]
    [InlineData("EP", new[] { "E", "P(pool2)", "P(pool5)" })]
    [InlineData("EPT", new[] { "E", "P(pool2)", "P(pool5)", "T(relu1_1)", "T(relu2_1)", "T(relu3_1)" })]
    [InlineData("ET", new[] { "E", "T(relu1_1)", "T(relu2_1)", "T(relu3_1)" })]
    [InlineData("P", new[] { "P(pool2)", "P(pool5)" })]
    [InlineData("PT", new[] { "P(pool2)", "P(pool5)", "T(relu1_1)", "T(relu2_1)", "T(relu3_1)" })]
    public void Parse_MapsShortNamesToEnhanceNetPresets(string name, string[] expected)
    {
        Assert.Equal(expected, LossSpec.Parse(name).Terms.Select(t => t.Name));
    }

    [Fact]
    public void Presets_UseThePapersWeights()
    {
        var ept = LossPresets.Get("EPT");
        Assert.Equal(new[] { 1.0, 0.2, 0.02, 3e-7, 1e-6, 1e-6 }, ept.Terms.Select(t => t.Weight));
        Assert.Equal(16, ept.Texture.PatchSize);
        Assert.Equal(GramNormalization.Plain, ept.Texture.Normalization);
    }

    [Fact]
    public void LiteralReading_CountsConvolutionLayers()
    {
        var spec = LossSpec.Parse("PT", LayerReading.Literal);
        Assert.Equal(new[] { "P(relu1_2)", "P(relu3_1)", "T(relu1_1)", "T(relu2_1)", "T(relu3_1)" }, spec.Terms.Select(t => t.Name));
    }

    /// <summary>The short names tap the rectified maps, but an explicit pre-activation layer keeps meaning what it says.</summary>
    [Fact]
    public void ExplicitConvLayer_StaysPreActivation()
    {
        var spec = LossSpec.Parse("3e-7*T(conv1_1) + 3e-7*T(relu1_1)");
        Assert.Equal(new[] { "conv1_1", "relu1_1" }, spec.Terms.Select(t => t.Layer));
    }

    [Theory]
    [InlineData("E + 0.2*Q(pool2)", 8, "Unknown term 'Q'")]
    [InlineData("E + 0.2*P(pool2", 15, "Expected ')'")]
    [InlineData("E 0.2*P(pool2)", 2, "Expected '+'")]
    [InlineData("E + 0.2 P(pool2)", 8, "Expected '*'")]
    [InlineData("E + 0.2*P()", 10, "Expected a layer name")]
    [InlineData("E(pool2)", 1, "E takes no layer")]
    [InlineData("E +", 3, "Expected a term name")]
    [InlineData("0*E", 2, "must be a finite number > 0")]
    [InlineData("   ", 3, "Empty loss spec")]
    public void Parse_PointsAtTheProblem(string text, int position, string message)
    {
        var error = Assert.Throws<LossSpecFormatException>(() => LossSpec.Parse(text));
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("^", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Presets_RejectUnknownNameListingValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => LossPresets.Get("EPX"));
        Assert.Contains("E, EP, EPT, ET, P, PT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithKnownLayers_PointsAtAnUnknownLayer_AndListsTheValidOnes()
    {
        var layers = new[] { "conv1_1", "relu1_1", "pool1", "pool2" };
        var error = Assert.Throws<LossSpecFormatException>(() => LossSpec.Parse("E + 0.2*P(pool2) + T(relu9_9)", knownLayers: layers));
        Assert.Equal("E + 0.2*P(pool2) + T(".Length, error.Position);
        Assert.Contains("relu9_9", error.Message, StringComparison.Ordinal);
        Assert.Contains("conv1_1, relu1_1, pool1, pool2", error.Message, StringComparison.Ordinal);

        var preset = Assert.Throws<LossSpecFormatException>(() => LossSpec.Parse("EP", knownLayers: layers));
        Assert.Contains("pool5", preset.Message, StringComparison.Ordinal);
        Assert.Equal(2, LossSpec.Parse("E + P(pool2)", knownLayers: layers).Terms.Count);
    }
}
