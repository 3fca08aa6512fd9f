using System;
using System.IO;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Losses;

public sealed class CompositePerceptualLossFromSpecTests
{
    private static Vgg SmallVgg() => ModelFactory.Vgg19(VggOptions.Vgg19FeaturesOnly with { WidthMultiplier = 0.125 },
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "Losses", "vgg19_w8.pth"));

    [Fact]
    public void FromSpec_EqualsParsingThenConstructing()
    {
        using var vgg = SmallVgg();
        var loss = CompositePerceptualLoss.FromSpec("EPT", vgg);
        var spelled = new CompositePerceptualLoss(LossSpec.Parse("EPT", knownLayers: vgg.LayerNames), vgg);

        Assert.Equal(spelled.Spec, loss.Spec);
    }

    [Fact]
    public void FromSpec_UnknownLayer_PointsAtItAndListsTheNetworksLayers()
    {
        using var vgg = SmallVgg();
        var error = Assert.Throws<LossSpecFormatException>(() => CompositePerceptualLoss.FromSpec("E + P(relu9_9)", vgg));

        Assert.Contains("relu9_9", error.Message, StringComparison.Ordinal);
        Assert.Contains("relu2_2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSpec_PixelOnly_NeedsNoNetwork_AndTotalValueReadsTheFloat32Loss()
    {
        using var scope = NewDisposeScope();
        var loss = CompositePerceptualLoss.FromSpec("E", featureNetwork: null);
        var target = full(new long[] { 1, 3, 4, 4 }, 0.5f);
        var prediction = full(new long[] { 1, 3, 4, 4 }, 0.75f);

        LossResult result = loss.Compute(prediction, target);

        Assert.Equal(ScalarType.Float32, result.Total.dtype);
        Assert.Equal(0.0625, result.TotalValue, 7);
        Assert.Equal(0.0625, result.Terms[0].NumericValue, 7);
    }

    [Fact]
    public void FromSpec_PerceptualTermsWithoutNetwork_IsAnError()
    {
        Assert.Throws<ArgumentNullException>(() => CompositePerceptualLoss.FromSpec("EP", featureNetwork: null));
    }
}
