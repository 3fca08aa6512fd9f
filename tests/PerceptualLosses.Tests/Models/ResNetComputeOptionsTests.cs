using System;
using System.Linq;
using PerceptualLosses.Attacks;
using PerceptualLosses.Models;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>
/// <see cref="ComputeOptions"/> on ResNet-50 (the classifiers of Table 1), on the committed PyTorch fixture
/// (resnet50_w4: torchvision's layout at base width 4, its input and PyTorch's logits and taps). The bf16 bounds are the
/// ones stated in docs/performance.md, a little above what was measured.
/// </summary>
public sealed class ResNetComputeOptionsTests(ITestOutputHelper output)
{
    private static readonly ResNetOptions Small50 = new(Depth: 50, NumClasses: 10, BaseWidth: 4);
    private static readonly string[] Taps = { "layer1", "layer2", "layer3", "layer4", "avgpool" };

    private static ResNet FixtureResNet()
    {
        var model = new ResNet(Small50);
        ModelWeights.Load(model, ModelFixtures.PathOf("resnet50_w4.pth"));
        model.eval();
        return model;
    }

    private static (Tensor Input, Tensor Logits) Fixture()
    {
        var doc = ModelFixtures.Json("resnet50_w4.json");
        var x = ModelFixtures.Bin("resnet50_w4_input.bin", ModelFixtures.Shape(doc.GetProperty("input_shape")));
        var logits = tensor(doc.GetProperty("logits").EnumerateArray().Select(e => e.GetSingle()).ToArray())
            .reshape(ModelFixtures.Shape(doc.GetProperty("logits_shape")));
        return (x, logits);
    }

    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual.to_type(ScalarType.Float64) - expected.to_type(ScalarType.Float64)).norm().item<double>() / expected.to_type(ScalarType.Float64).norm().item<double>();

    [Fact]
    public void ChannelsLast_ReachesEveryConvAndTap_AndMatchesPyTorchLogits()
    {
        using var scope = NewDisposeScope();
        using var reference = FixtureResNet();
        using var nhwc = FixtureResNet().UseCompute(new ComputeOptions { ChannelsLast = true });
        var (x, pytorch) = Fixture();
        using var noGrad = no_grad();
        // A 1×1 kernel's [O,I,1,1] weight is one memory in both layouts (libtorch keeps its NCHW strides); every other conv
        // weight must carry channels-last strides.
        var spatial = nhwc.modules().OfType<Conv2d>().Where(c => c.weight!.shape[2] * c.weight.shape[3] > 1).ToList();
        Assert.Equal(17, spatial.Count); // the 7×7 stem and the sixteen 3×3 bottleneck convs of ResNet-50
        Assert.All(spatial, c => Assert.True(ComputeOptions.IsChannelsLast(c.weight!), "conv weight not channels-last"));
        var expected = reference.Features(x, Taps);
        var actual = nhwc.Features(x, Taps);
        foreach (var tap in Taps.Take(4))
        {
            Assert.True(ComputeOptions.IsChannelsLast(actual[tap]), $"{tap} strides [{string.Join(",", actual[tap].stride())}] are not channels-last");
            Assert.False(ComputeOptions.IsChannelsLast(expected[tap]));
        }

        foreach (var tap in Taps)
        {
            Assert.Equal(ScalarType.Float32, actual[tap].dtype);
            Assert.True(RelativeError(actual[tap], expected[tap]) < 1e-5, tap);
        }

        var logits = nhwc.forward(x);
        Assert.True(ModelFixtures.MaxRelativeError(logits, pytorch) < 1e-4, $"channels-last logits vs PyTorch: {ModelFixtures.MaxRelativeError(logits, pytorch):E2}");
    }

    [Fact]
    public void Bf16_LogitsAndTaps_AreFloat32_AndWithinTheStatedCostOfFloat32()
    {
        using var scope = NewDisposeScope();
        using var reference = FixtureResNet();
        using var reduced = FixtureResNet().UseCompute(ComputeOptions.Bf16ChannelsLast);
        var (x, _) = Fixture();
        using var noGrad = no_grad();
        Assert.All(reduced.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.All(reduced.modules().OfType<BatchNorm2d>(), bn => Assert.Equal(ScalarType.BFloat16, bn.running_mean!.dtype));
        var expected = reference.Features(x, Taps);
        var actual = reduced.Features(x, Taps);
        double worst = 0;
        foreach (var tap in Taps)
        {
            Assert.Equal(ScalarType.Float32, actual[tap].dtype);
            double error = RelativeError(actual[tap], expected[tap]);
            output.WriteLine($"{tap}: relative error {error:E2}");
            worst = Math.Max(worst, error);
        }

        var logits = reduced.forward(x);
        var logits32 = reference.forward(x);
        Assert.Equal(ScalarType.Float32, logits.dtype);
        double logitError = RelativeError(logits, logits32);
        bool samePrediction = logits.argmax(1).eq(logits32.argmax(1)).all().item<bool>();
        output.WriteLine($"logits: relative error {logitError:E2}; same predicted classes: {samePrediction}");
        Assert.True(worst < 3e-2, $"bf16 ResNet-50 taps: worst relative (Frobenius) error {worst:E2}");
        Assert.True(logitError < 3e-2, $"bf16 ResNet-50 logits: relative error {logitError:E2}");
        Assert.True(samePrediction);
    }

    [Fact]
    public void Bf16_InputGradients_AreFloat32_AndFollowFloat32()
    {
        using var scope = NewDisposeScope();
        using var reference = FixtureResNet();
        using var reduced = FixtureResNet().UseCompute(ComputeOptions.Bf16);
        var (x, _) = Fixture();
        Tensor labels;
        using (no_grad())
        {
            // The fixture's logits are in the thousands: at the predicted class the softmax is saturated and the float32
            // gradient is exactly zero, so the least likely class is the label here.
            labels = reference.forward(x).argmin(1);
        }

        var g32 = ComputeChecks.InputGradient(reference, x, labels);
        var g16 = ComputeChecks.InputGradient(reduced, x, labels);
        Assert.Equal(ScalarType.Float32, g16.dtype);
        double cosine = ComputeChecks.Cosine(g32, g16);
        output.WriteLine($"input-gradient cosine bf16 vs fp32: {cosine:F4}");
        Assert.True(cosine > 0.8, $"bf16 input gradient: cosine {cosine:F4} with float32");
    }

    [Fact]
    public void UseCompute_BackToFp32_RestoresDtypeAndLayout()
    {
        using var scope = NewDisposeScope();
        using var model = FixtureResNet().UseCompute(ComputeOptions.Bf16ChannelsLast).UseCompute(ComputeOptions.Fp32);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(model.modules().OfType<Conv2d>(), c => Assert.True(c.weight!.is_contiguous()));
        var (x, _) = Fixture();
        using var noGrad = no_grad();
        Assert.False(ComputeOptions.IsChannelsLast(model.Features(x, new[] { "layer2" })["layer2"]));
    }

    [Fact]
    public void Fp16_OnTheCpu_IsRejected_NamingTheDevice()
    {
        using var model = new ResNet(Small50);
        var ex = Assert.Throws<ArgumentException>(() => model.UseCompute(new ComputeOptions { Precision = NetworkPrecision.Fp16 }));
        Assert.Equal("device", ex.ParamName);
        Assert.Contains("Bf16", ex.Message, StringComparison.Ordinal);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype)); // nothing converted
        Assert.Throws<ArgumentNullException>(() => model.UseCompute(null!));
    }

    [Fact]
    public void Memory_StaysFlat_Over1000Bf16ChannelsLastForwardsAndPgdSteps()
    {
        using var model = new ResNet(new ResNetOptions(Depth: 50, NumClasses: 10, BaseWidth: 2)).UseCompute(ComputeOptions.Bf16ChannelsLast);
        model.eval();
        ComputeChecks.AssertFlatMemory(model, x =>
        {
            model.Features(x, new[] { "layer1", "avgpool" });
            model.forward(x);
        });
    }
}
