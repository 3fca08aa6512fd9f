using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

public class VggTests
{
    private static readonly VggOptions Tiny = new(Depth: 19, NumClasses: 10, WidthMultiplier: 1.0 / 32);

    [Theory]
    [InlineData(19, "vgg19_keys.json")]
    [InlineData(16, "vgg16_keys.json")]
    public void StateDict_KeysAndShapes_EqualTorchvisionFullSize(int depth, string listing)
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(new VggOptions(Depth: depth));
        var expected = ModelFixtures.KeyListing(listing);
        var actual = model.state_dict().Select(kv => (kv.Key, kv.Value.shape)).ToList();
        Assert.Equal(expected.Select(e => e.Key), actual.Select(a => a.Key));
        Assert.Equal(expected.Select(e => string.Join(",", e.Shape)), actual.Select(a => string.Join(",", a.shape)));

        // A torchvision-format state dict with exactly these keys/shapes loads with zero missing keys
        // (values are broadcast zeros so no 548 MB copy is held twice).
        var stateDict = expected.ToDictionary(e => e.Key, e => zeros(1).expand(e.Shape));
        var report = ModelWeights.LoadStateDict(model, stateDict, source: listing);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.Equal(expected.Count, report.LoadedKeys.Count);
    }

    [Fact]
    public void Vgg19_Width32_MatchesPyTorch_EveryTapAndLogits()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny);
        ModelWeights.Load(model, ModelFixtures.PathOf("vgg19_w32.pth"));
        model.eval();
        var doc = ModelFixtures.Json("vgg19_w32.json");
        var x = ModelFixtures.Bin("vgg19_w32_input.bin", ModelFixtures.Shape(doc.GetProperty("input_shape")));
        using var noGrad = no_grad();
        var taps = model.Features(x, model.LayerNames.ToArray());
        Assert.Equal(37, taps.Count);
        foreach (var name in model.LayerNames)
        {
            ModelFixtures.AssertMatchesSummary(name, taps[name], doc.GetProperty("taps").GetProperty(name));
        }

        ModelFixtures.AssertEveryElementMatches("vgg19_w32", taps, doc);
        var logits = model.forward(x);
        var expected = tensor(doc.GetProperty("logits").EnumerateArray().Select(e => e.GetSingle()).ToArray()).reshape(ModelFixtures.Shape(doc.GetProperty("logits_shape")));
        Assert.True(ModelFixtures.MaxRelativeError(logits, expected) < 1e-4);
    }

    [Fact]
    public void Vgg11Bn_Width16_FeaturesOnly_MatchesPyTorch()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(new VggOptions(Depth: 11, BatchNorm: true, WidthMultiplier: 1.0 / 16, IncludeClassifier: false));
        ModelWeights.Load(model, ModelFixtures.PathOf("vgg11bn_w16.pth"));
        model.eval();
        var doc = ModelFixtures.Json("vgg11bn_w16.json");
        var x = ModelFixtures.Bin("vgg11bn_w16_input.bin", ModelFixtures.Shape(doc.GetProperty("input_shape")));
        using var noGrad = no_grad();
        var taps = model.Features(x, model.LayerNames.ToArray());
        foreach (var name in model.LayerNames)
        {
            ModelFixtures.AssertMatchesSummary(name, taps[name], doc.GetProperty("taps").GetProperty(name));
        }

        ModelFixtures.AssertMatchesSummary("forward", model.forward(x), doc.GetProperty("taps").GetProperty("pool5"));
    }

    [Fact]
    public void Features_RunsOnlyUpToDeepestTap()
    {
        // A 2x2 input survives pool1 but not pool2..pool5: it only works if the deeper layers are skipped.
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny);
        var taps = model.Features(rand(1, 3, 2, 2), new[] { "relu2_1" });
        Assert.Equal(new long[] { 1, 4, 1, 1 }, taps["relu2_1"].shape);
        Assert.Throws<ArgumentException>(() => model.forward(rand(1, 3, 2, 2)));
    }

    [Fact]
    public void Features_PreReluTap_IsNotOverwrittenByRelu()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny);
        var taps = model.Features(rand(1, 3, 8, 8), new[] { "conv1_2", "relu1_2", "relu2_1" });
        Assert.True(taps["conv1_2"].min().item<float>() < 0, "conv1_2 must keep its negative (pre-activation) values");
        Assert.Equal(0, (taps["relu1_2"] - taps["conv1_2"].clamp_min(0)).abs().max().item<float>());
        Assert.Equal(3, taps.Count);
    }

    [Fact]
    public void AveragePooling_Option_AveragesTwoByTwo()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny with { Pooling = VggPooling.Average });
        var taps = model.Features(rand(1, 3, 8, 8), new[] { "relu1_2", "pool1" });
        var expected = nn.functional.avg_pool2d(taps["relu1_2"], 2);
        Assert.True(ModelFixtures.MaxRelativeError(taps["pool1"], expected) < 1e-6);
    }

    [Fact]
    public void NormalizeInput_AppliesImageNetMeanStdInside()
    {
        using var scope = NewDisposeScope();
        using var inside = new Vgg(Tiny);
        using var outside = new Vgg(Tiny with { NormalizeInput = false });
        ModelWeights.LoadStateDict(outside, inside.state_dict());
        var x = rand(2, 3, 8, 8);
        var mean = tensor(ImageNetStatistics.Mean.ToArray()).reshape(1, 3, 1, 1);
        var std = tensor(ImageNetStatistics.Std.ToArray()).reshape(1, 3, 1, 1);
        var a = inside.Features(x, new[] { "relu2_2" })["relu2_2"];
        var b = outside.Features((x - mean) / std, new[] { "relu2_2" })["relu2_2"];
        Assert.True(ModelFixtures.MaxRelativeError(a, b) < 1e-6);
        Assert.DoesNotContain(inside.state_dict().Keys, k => k.Contains("mean", StringComparison.Ordinal) || k.Contains("std", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownTap_Throws_ListingValidNames()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny);
        var e = Assert.Throws<ArgumentException>(() => model.Features(rand(1, 3, 32, 32), new[] { "relu2_2", "relu6_1" }));
        Assert.Equal("layers", e.ParamName);
        Assert.Contains("relu6_1", e.Message, StringComparison.Ordinal);
        Assert.Contains("relu5_4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongChannelCount_Throws()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny);
        var e = Assert.Throws<ArgumentException>(() => model.forward(rand(1, 1, 32, 32)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("3 channel", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.forward(rand(3, 32, 32)));
    }

    [Fact]
    public void TooSmallInput_Throws_StatingMinimum()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny);
        var e = Assert.Throws<ArgumentException>(() => model.forward(rand(1, 3, 31, 64)));
        Assert.Contains("32x32", e.Message, StringComparison.Ordinal);
        var f = Assert.Throws<ArgumentException>(() => model.Features(rand(1, 3, 15, 15), new[] { "relu5_4" }));
        Assert.Contains("16x16", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputOnOtherDevice_Throws_NamingBothDevices()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny);
        // The meta device stands in for CUDA on CPU-only machines; the check is the same.
        var device = cuda.is_available() ? CUDA : new Device("meta");
        var e = Assert.Throws<ArgumentException>(() => model.forward(empty(1, 3, 32, 32, device: device)));
        Assert.Contains("cpu", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(device.type.ToString(), e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Vgg(new VggOptions(Depth: 18)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Vgg(new VggOptions(NumClasses: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Vgg(new VggOptions(WidthMultiplier: 0)));
    }

    [Fact]
    public void Memory_StaysFlat_Over1000ForwardPasses()
    {
        using var model = new Vgg(Tiny with { WidthMultiplier = 1.0 / 64 });
        model.eval();
        using var x = rand(1, 3, 32, 32);
        var layers = new[] { "relu1_2", "relu3_1", "relu5_4" };
        long Live() => TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        void Run(int n)
        {
            for (int i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                model.forward(x);
                if (i % 10 == 0)
                {
                    model.Features(x, layers);
                }
            }
        }

        Run(10);
        long before = Live();
        Run(1000);
        Assert.Equal(before, Live());
    }
}
