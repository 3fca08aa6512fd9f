using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

public class VggNormalizationTests
{
    private static readonly VggOptions Tiny = new(Depth: 19, NumClasses: 10, WidthMultiplier: 1.0 / 16);

    private static (Vgg Original, Vgg Normalized, VggNormalizationReport Report, List<Tensor> Images) Build()
    {
        var original = new Vgg(Tiny);
        ModelFixtures.Randomize(original, 3);
        var normalized = new Vgg(Tiny);
        ModelWeights.LoadStateDict(normalized, original.state_dict());
        var generator = new TorchSharp.torch.Generator(5);
        var images = new List<Tensor> { rand(new long[] { 3, 32, 32 }, generator: generator), rand(new long[] { 2, 3, 40, 36 }, generator: generator), rand(new long[] { 3, 48, 32 }, generator: generator) };
        original.eval();
        normalized.eval();
        var report = VggNormalization.Normalize(normalized, images);
        return (original, normalized, report, images);
    }

    [Fact]
    public void EveryReluChannel_HasMeanOne_OnTheSameImages()
    {
        using var scope = NewDisposeScope();
        var (original, normalized, report, images) = Build();
        Assert.Equal(4, report.Images);
        // Random weights leave a few channels that never fire on these images; they must stay exactly 0 and be reported.
        Assert.True(report.DeadChannels.Count < 20, string.Join(", ", report.DeadChannels));
        var relus = normalized.LayerNames.Where(n => n.StartsWith("relu", StringComparison.Ordinal)).ToArray();
        Assert.Equal(16, relus.Length);
        var means = VggNormalization.MeanActivations(normalized, images, relus, out _);
        foreach (var name in relus)
        {
            var alive = tensor(report.MeanActivations[name]).gt(0);
            Assert.Equal(report.DeadChannels.Count(d => d.StartsWith(name + "[", StringComparison.Ordinal)), (int)alive.logical_not().sum().item<long>());
            Assert.Equal(0, means[name].masked_select(alive.logical_not()).abs().sum().item<float>());
            double error = (means[name].masked_select(alive) - 1).abs().max().item<float>();
            Assert.True(error < 1e-4, $"{name}: max |mean - 1| = {error}");
        }

        // The original network was far from normalized, so the test can fail.
        var before = VggNormalization.MeanActivations(original, images, relus, out _);
        Assert.Contains(relus, n => (before[n] - 1).abs().max().item<float>() > 0.1);
        original.Dispose();
        normalized.Dispose();
    }

    [Fact]
    public void NormalizedNetwork_IsOriginalDividedPerChannel_AndLogitsAreUnchanged()
    {
        using var scope = NewDisposeScope();
        var (original, normalized, report, _) = Build();
        var x = rand(2, 3, 32, 32);
        using var noGrad = no_grad();
        var names = original.LayerNames.ToArray();
        var a = original.Features(x, names);
        var b = normalized.Features(x, names);
        string lastRelu = "";
        foreach (var tap in original.Layers.Taps)
        {
            // conv, relu and pool outputs all carry the factor of the conv they descend from.
            if (tap.Kind == VggTapKind.Relu)
            {
                lastRelu = tap.Name;
            }

            string relu = tap.Kind == VggTapKind.Convolution ? "relu" + tap.Name["conv".Length..] : lastRelu;
            var m = tensor(report.MeanActivations[relu].Select(v => v > 0 ? v : 1f).ToArray()).reshape(1, -1, 1, 1);
            Assert.True(ModelFixtures.MaxRelativeError(b[tap.Name] * m, a[tap.Name]) < 1e-4, tap.Name);
        }

        Assert.True(ModelFixtures.MaxRelativeError(normalized.forward(x), original.forward(x)) < 1e-4);
        original.Dispose();
        normalized.Dispose();
    }

    [Fact]
    public void BatchNormVgg_And_NoImages_Throw()
    {
        using var bn = new Vgg(Tiny with { BatchNorm = true });
        Assert.Throws<ArgumentException>(() => VggNormalization.Normalize(bn, new[] { rand(3, 32, 32) }));
        using var plain = new Vgg(Tiny);
        Assert.Throws<ArgumentException>(() => VggNormalization.Normalize(plain, Array.Empty<Tensor>()));
    }
}
