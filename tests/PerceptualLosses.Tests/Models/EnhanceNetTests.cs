using System;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

public class EnhanceNetTests
{
    [Fact]
    public void Tiny_MatchesPyTorchReference()
    {
        using var scope = NewDisposeScope();
        using var model = new EnhanceNet(EnhanceNetOptions.Tiny);
        ModelWeights.Load(model, ModelFixtures.PathOf("enhancenet_tiny.pth"));
        var doc = ModelFixtures.Json("enhancenet_tiny.json");
        var x = ModelFixtures.Bin("enhancenet_tiny_input.bin", ModelFixtures.Shape(doc.GetProperty("input_shape")));
        var expected = ModelFixtures.Bin("enhancenet_tiny_output.bin", ModelFixtures.Shape(doc.GetProperty("output_shape")));
        using var noGrad = no_grad();
        var y = model.forward(x);
        Assert.Equal(expected.shape, y.shape);
        Assert.True(ModelFixtures.MaxRelativeError(y, expected) < 1e-4);
    }

    [Fact]
    public void Paper_HasThePapersLayersAndKeys()
    {
        using var scope = NewDisposeScope();
        using var model = new EnhanceNet(EnhanceNetOptions.Paper);
        var expected = ModelFixtures.KeyListing("enhancenet_paper_keys.json");
        var actual = model.state_dict().Select(kv => (kv.Key, string.Join(",", kv.Value.shape))).ToList();
        Assert.Equal(expected.Select(e => (e.Key, string.Join(",", e.Shape))), actual);
        Assert.Equal(25, model.state_dict().Keys.Count(k => k.EndsWith(".weight", StringComparison.Ordinal)));
        Assert.Equal(852_867, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ZeroWeights_GiveExactlyTheBicubicSkip()
    {
        using var scope = NewDisposeScope();
        using var model = new EnhanceNet(EnhanceNetOptions.Tiny);
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.zero_();
            }
        }

        var x = rand(2, 3, 6, 5);
        var y = model.forward(x);
        var bicubic = nn.functional.interpolate(x, scale_factor: new[] { 4.0, 4.0 }, mode: InterpolationMode.Bicubic, align_corners: false);
        Assert.Equal(0, (y - bicubic).abs().max().item<float>());
    }

    [Fact]
    public void MeanSubtraction_IsEquivalentToTheOriginalsAddBack()
    {
        // Original: net(x - m) + bicubic(x - m) + m.  Ours: net(x - m) + bicubic(x).  Equal because bicubic preserves constants.
        using var scope = NewDisposeScope();
        var x = rand(1, 3, 7, 9);
        var m = tensor(EnhanceNetOptions.PaperMeans.ToArray()).reshape(1, 3, 1, 1);
        var original = EnhanceNet.BicubicUpsample(x - m, 4) + m;
        var ours = EnhanceNet.BicubicUpsample(x, 4);
        Assert.True((original - ours).abs().max().item<float>() < 1e-6f);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void OtherScales_ProduceScaledOutput(int scale)
    {
        using var scope = NewDisposeScope();
        using var model = new EnhanceNet(EnhanceNetOptions.Tiny with { Scale = scale });
        Assert.Equal(new long[] { 1, 3, 5 * scale, 4 * scale }, model.forward(rand(1, 3, 5, 4)).shape);
    }

    [Fact]
    public void BadOptionsAndInput_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnhanceNet(EnhanceNetOptions.Tiny with { Scale = 3 }));
        Assert.Throws<ArgumentException>(() => new EnhanceNet(EnhanceNetOptions.Tiny with { InputMean = new[] { 0.5f } }));
        using var model = new EnhanceNet(EnhanceNetOptions.Tiny);
        var e = Assert.Throws<ArgumentException>(() => model.forward(rand(1, 1, 8, 8)));
        Assert.Equal("input", e.ParamName);
        Assert.Throws<ArgumentException>(() => model.forward(rand(3, 8, 8)));
    }
}
