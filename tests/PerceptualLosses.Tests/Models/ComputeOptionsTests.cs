using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Attacks;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>
/// <see cref="ComputeOptions"/> on VGG (loss networks, LPIPS trunk, attacked classifier): declared dtype and layout, and
/// the accuracy cost of bfloat16 against float32 on the committed fixtures (PyTorch-made weights and inputs). The bounds
/// are the ones stated in docs/performance.md, a little above what was measured.
/// </summary>
public sealed class ComputeOptionsTests(ITestOutputHelper output)
{
    private static readonly VggOptions Tiny = new(Depth: 19, NumClasses: 10, WidthMultiplier: 1.0 / 32);
    private static readonly string LpipsFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips");
    private static readonly string[] Taps = { "conv1_1", "relu1_2", "relu2_2", "relu3_4", "relu4_4", "relu5_4" };

    /// <summary>Fixtures/Lpips/x0.bin: 3×3×64×80 images in [0,1] (made by PyTorch, see that folder's README).</summary>
    private static Tensor Images(string name = "x0.bin")
    {
        var bytes = File.ReadAllBytes(Path.Combine(LpipsFolder, name));
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values).reshape(3, 3, 64, 80);
    }

    private static Vgg FixtureVgg()
    {
        var model = new Vgg(Tiny);
        ModelWeights.Load(model, ModelFixtures.PathOf("vgg19_w32.pth"));
        model.eval();
        return model;
    }

    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual.to_type(ScalarType.Float64) - expected.to_type(ScalarType.Float64)).norm().item<double>() / expected.to_type(ScalarType.Float64).norm().item<double>();

    [Fact]
    public void Bf16_Features_AreFloat32_AndWithinOnePercentOfFloat32()
    {
        using var scope = NewDisposeScope();
        using var reference = FixtureVgg();
        using var reduced = FixtureVgg().UseCompute(ComputeOptions.Bf16);
        var x = Images();
        using var noGrad = no_grad();
        var expected = reference.Features(x, Taps);
        var actual = reduced.Features(x, Taps);
        Assert.All(reduced.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        double worst = 0;
        foreach (var tap in Taps)
        {
            Assert.Equal(ScalarType.Float32, actual[tap].dtype);
            double error = RelativeError(actual[tap], expected[tap]);
            output.WriteLine($"{tap}: relative error {error:E2}");
            worst = Math.Max(worst, error);
        }

        Assert.True(worst < 2e-2, $"bf16 VGG features: worst relative (Frobenius) error {worst:E2}");
        var logits = reduced.forward(x);
        Assert.Equal(ScalarType.Float32, logits.dtype);
        output.WriteLine($"logits: relative error {RelativeError(logits, reference.forward(x)):E2}");
    }

    [Fact]
    public void ChannelsLast_ReachesWeightsAndConvOutputs_AndKeepsFloat32Values()
    {
        using var scope = NewDisposeScope();
        using var reference = FixtureVgg();
        using var nhwc = FixtureVgg().UseCompute(new ComputeOptions { ChannelsLast = true });
        var x = Images();
        using var noGrad = no_grad();
        var expected = reference.Features(x, Taps);
        var actual = nhwc.Features(x, Taps);
        Assert.All(nhwc.modules().OfType<Conv2d>(), c => Assert.True(ComputeOptions.IsChannelsLast(c.weight!), "conv weight not channels-last"));
        foreach (var tap in Taps)
        {
            Assert.True(ComputeOptions.IsChannelsLast(actual[tap]), $"{tap} strides [{string.Join(",", actual[tap].stride())}] are not channels-last");
            Assert.False(ComputeOptions.IsChannelsLast(expected[tap]));
            Assert.True(RelativeError(actual[tap], expected[tap]) < 1e-5, tap);
        }
    }

    [Fact]
    public void Bf16ChannelsLast_GivesFloat32ChannelsLastTaps_AndFloat32InputGradients()
    {
        using var scope = NewDisposeScope();
        using var model = FixtureVgg().UseCompute(ComputeOptions.Bf16ChannelsLast);
        var x = Images().requires_grad_(true);
        var taps = model.Features(x, new[] { "relu3_4" });
        Assert.Equal(ScalarType.Float32, taps["relu3_4"].dtype);
        Assert.True(ComputeOptions.IsChannelsLast(taps["relu3_4"]));
        taps["relu3_4"].sum().backward();
        Assert.Equal(ScalarType.Float32, x.grad!.dtype);
        Assert.True(x.grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void UseCompute_BackToFp32_RestoresDtypeAndLayout()
    {
        using var scope = NewDisposeScope();
        using var model = FixtureVgg().UseCompute(ComputeOptions.Bf16ChannelsLast).UseCompute(ComputeOptions.Fp32);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(model.modules().OfType<Conv2d>(), c => Assert.True(c.weight!.is_contiguous()));
        using var noGrad = no_grad();
        Assert.False(ComputeOptions.IsChannelsLast(model.Features(Images(), new[] { "relu2_1" })["relu2_1"]));
    }

    [Fact]
    public void Fp16_OnTheCpu_IsRejected_NamingTheDevice()
    {
        using var model = new Vgg(Tiny);
        var ex = Assert.Throws<ArgumentException>(() => model.UseCompute(new ComputeOptions { Precision = NetworkPrecision.Fp16 }));
        Assert.Equal("device", ex.ParamName);
        Assert.Contains("Fp16", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bf16", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ComputeOptions { Precision = (NetworkPrecision)9 }.Validate(CPU));
    }

    [Fact]
    public void Lpips_Bf16Trunk_StaysWithin2e3OfFloat32Distances()
    {
        using var scope = NewDisposeScope();
        using var exact = LpipsFactory.Vgg16(Path.Combine(LpipsFolder, "vgg16_w8.pth"), Path.Combine(LpipsFolder, "lin_w8.pth"), LpipsInputRange.ZeroToOne);
        using var reduced = LpipsFactory.Vgg16(Path.Combine(LpipsFolder, "vgg16_w8.pth"), Path.Combine(LpipsFolder, "lin_w8.pth"), LpipsInputRange.ZeroToOne)
            .UseCompute(ComputeOptions.Bf16);
        using var noGrad = no_grad();
        var expected = exact.Compute(Images("x0.bin"), Images("x1.bin"));
        var actual = reduced.Compute(Images("x0.bin"), Images("x1.bin"));
        Assert.Equal(ScalarType.Float32, actual.dtype);
        double worst = (actual - expected).abs().max().item<float>();
        output.WriteLine($"lpips distances {string.Join(", ", expected.data<float>().ToArray())}: worst abs error {worst:E2}");
        Assert.True(worst < 2e-3, $"bf16 LPIPS: worst abs error {worst:E2}");
    }

    [Fact]
    public void Pgd_OnBf16Vgg_FollowsFloat32Gradients_AndIsNearlyAsStrong()
    {
        using var scope = NewDisposeScope();
        using var reference = FixtureVgg();
        using var reduced = FixtureVgg().UseCompute(ComputeOptions.Bf16);
        var x = Images();
        Tensor labels;
        using (no_grad())
        {
            labels = reference.forward(x).argmax(1);
        }

        var g32 = ComputeChecks.InputGradient(reference, x, labels);
        var g16 = ComputeChecks.InputGradient(reduced, x, labels);
        double cosine = ComputeChecks.Cosine(g32, g16);
        output.WriteLine($"input-gradient cosine bf16 vs fp32 at the clean images: {cosine:F4}; |g32| {g32.norm().item<float>():E2}");
        var pgd = new ProjectedGradientDescent(new PgdOptions(10, 1.0, 0.25, AttackNorm.L2, RandomStart: false, UseBest: false));
        using var a32 = pgd.Perturb(reference, x, AttackTarget.Untargeted(labels));
        using var a16 = pgd.Perturb(reduced, x, AttackTarget.Untargeted(labels));
        var delta32 = a32.Adversarial - x;
        var delta16 = a16.Adversarial - x;
        double relative = ((delta16 - delta32).norm() / delta32.norm()).item<float>();
        double maxAbs = (a16.Adversarial - a32.Adversarial).abs().max().item<float>();
        double clean, loss32, loss16;
        using (no_grad())
        {
            clean = nn.functional.cross_entropy(reference.forward(x), labels).item<float>();
            loss32 = nn.functional.cross_entropy(reference.forward(a32.Adversarial), labels).item<float>();
            loss16 = nn.functional.cross_entropy(reference.forward(a16.Adversarial), labels).item<float>();
        }

        output.WriteLine($"PGD-L2 10 steps, eps 1: ||delta_bf16 - delta_fp32|| / ||delta_fp32|| = {relative:E2}, max |x_bf16 - x_fp32| = {maxAbs:E2}; " +
            $"float32 loss clean {clean:F4}, at fp32 examples {loss32:F4}, at bf16 examples {loss16:F4}");
        Assert.Equal(ScalarType.Float32, a16.Adversarial.dtype);
        Assert.True(cosine > 0.8, $"bf16 input gradient: cosine {cosine:F4} with float32");
        Assert.True(loss16 - clean > 0.8 * (loss32 - clean), $"bf16 PGD raises the float32 loss by {loss16 - clean:F4}, float32 PGD by {loss32 - clean:F4}");
    }

    [Fact]
    public void Memory_StaysFlat_Over1000Bf16ChannelsLastForwardsAndPgdSteps()
    {
        using var model = new Vgg(Tiny with { WidthMultiplier = 1.0 / 64 }).UseCompute(ComputeOptions.Bf16ChannelsLast);
        model.eval();
        ComputeChecks.AssertFlatMemory(model, x => model.Features(x, new[] { "conv1_1", "relu5_4" }));
    }
}
