using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

public class ResNetTests
{
    private static readonly ResNetOptions Small50 = new(Depth: 50, NumClasses: 10, BaseWidth: 4);

    [Fact]
    public void ResNet50_StateDict_KeysAndShapes_EqualTorchvisionFullSize()
    {
        using var scope = NewDisposeScope();
        using var model = new ResNet(ResNetOptions.ResNet50ImageNet);
        var expected = ModelFixtures.KeyListing("resnet50_keys.json");
        // TorchSharp lists a module's parameters before its buffers; PyTorch interleaves them. Order does not matter for loading.
        var actual = model.state_dict().Select(kv => (kv.Key, string.Join(",", kv.Value.shape))).OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(e => (e.Key, string.Join(",", e.Shape))).OrderBy(k => k.Key, StringComparer.Ordinal), actual);
    }

    [Theory]
    [InlineData(18, 11_689_512)]
    public void ParameterCount_MatchesTorchvision(int depth, long count)
    {
        // torchvision resnet18 parameter count (torchvision model docs: 11.7M; exact value from torchvision 0.14).
        // 34/101 differ from 18/50 only in block counts and are left out to keep the suite fast.
        using var scope = NewDisposeScope();
        using var model = new ResNet(new ResNetOptions(Depth: depth));
        Assert.Equal(count, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ResNet50_Width4_MatchesPyTorch_LogitsAndTaps()
    {
        using var scope = NewDisposeScope();
        using var model = new ResNet(Small50);
        ModelWeights.Load(model, ModelFixtures.PathOf("resnet50_w4.pth"));
        model.eval();
        var doc = ModelFixtures.Json("resnet50_w4.json");
        var x = ModelFixtures.Bin("resnet50_w4_input.bin", ModelFixtures.Shape(doc.GetProperty("input_shape")));
        using var noGrad = no_grad();
        var logits = model.forward(x);
        var expected = tensor(doc.GetProperty("logits").EnumerateArray().Select(e => e.GetSingle()).ToArray()).reshape(ModelFixtures.Shape(doc.GetProperty("logits_shape")));
        Assert.True(ModelFixtures.MaxRelativeError(logits, expected) < 1e-4);
        var taps = model.Features(x, model.LayerNames.ToArray());
        foreach (var name in model.LayerNames)
        {
            ModelFixtures.AssertMatchesSummary(name, taps[name], doc.GetProperty("taps").GetProperty(name));
        }

        ModelFixtures.AssertEveryElementMatches("resnet50_w4", taps, doc);
    }

    [Fact]
    public void RobustnessCheckpoint_LoadsWithZeroMissingKeys_AndReportsDroppedKeys()
    {
        // Small width (base 4), but the keys are exactly ResNet-50's (module.model.*, module.attacker.model.*, normalizer buffers).
        using var scope = NewDisposeScope();
        using var model = new ResNet(Small50);
        var report = RobustnessCheckpoint.Load(model, ModelFixtures.PathOf("resnet50_w4_robustness.pt"));
        int keys = model.state_dict().Count;
        Assert.True(report.IsComplete);
        Assert.Empty(report.MissingKeys);
        Assert.Equal(keys, report.LoadedKeys.Count);
        Assert.Equal(keys + 4, report.DroppedKeys.Count);
        Assert.Contains("module.normalizer.new_mean", report.DroppedKeys);
        Assert.Contains("module.attacker.model.fc.weight", report.DroppedKeys);
        Assert.Equal("fc.weight", report.RenamedKeys["module.model.fc.weight"]);

        using var plain = new ResNet(Small50);
        ModelWeights.Load(plain, ModelFixtures.PathOf("resnet50_w4.pth"));
        foreach (var (key, value) in plain.state_dict())
        {
            Assert.True(value.equal(model.state_dict()[key]).all().item<bool>(), key);
        }
    }

    [Fact]
    public void RobustnessCheckpoint_WithOtherNormalizer_Throws()
    {
        using var model = new ResNet(Small50);
        var e = Assert.Throws<InvalidDataException>(() => RobustnessCheckpoint.Load(model, ModelFixtures.PathOf("resnet50_w4_robustness.pt"), expectedMean: new[] { 0.5f, 0.5f, 0.5f }));
        Assert.Contains("new_mean", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RobustnessCheckpoint_RejectsPlainStateDict()
    {
        using var model = new ResNet(Small50);
        Assert.Throws<InvalidDataException>(() => RobustnessCheckpoint.Load(model, ModelFixtures.PathOf("resnet50_w4.pth")));
    }

    [Fact]
    public void MismatchedClassCount_Throws_NamingFc()
    {
        using var model = new ResNet(Small50 with { NumClasses = 1000 });
        var e = Assert.Throws<WeightLoadException>(() => ModelWeights.Load(model, ModelFixtures.PathOf("resnet50_w4.pth")));
        Assert.Contains("fc.weight: model [1000,128] vs file [10,128]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_StopsAtDeepestStage_AndRejectsUnknownNames()
    {
        using var scope = NewDisposeScope();
        using var model = new ResNet(new ResNetOptions(Depth: 18, NumClasses: 10, BaseWidth: 4));
        var taps = model.Features(rand(1, 3, 32, 32), new[] { "layer2" });
        Assert.Equal(new long[] { 1, 8, 4, 4 }, Assert.Single(taps).Value.shape);
        var e = Assert.Throws<ArgumentException>(() => model.Features(rand(1, 3, 32, 32), new[] { "layer5" }));
        Assert.Contains("layer4", e.Message, StringComparison.Ordinal);
        Assert.Equal(new long[] { 2, 10 }, model.forward(rand(2, 3, 32, 32)).shape);
        Assert.Throws<ArgumentException>(() => model.forward(rand(2, 4, 32, 32)));
    }
}
