using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// LPIPS v0.1 with the official lin files (legacy pickles, as published in richzhang/PerceptualSimilarity) against the lpips
/// package's own code (PyTorch 1.13, tools/fixtures/lpips_official_reference.py) on the repository's example images, with
/// the same closed-form trunk weights on both sides. Bound: 1e-4 absolute on each distance (the issue's).
/// </summary>
public sealed class OfficialLpipsTests : IClassFixture<OfficialLpipsFixture>
{
    private const double Tolerance = 1e-4;
    private readonly OfficialLpipsFixture fixture;
    private readonly ITestOutputHelper output;

    public OfficialLpipsTests(OfficialLpipsFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
    }

    public static TheoryData<string> Nets => new() { "alex", "vgg", "squeeze" };

    [Theory]
    [MemberData(nameof(Nets))]
    public void OfficialLinFile_ReadsTheTensorsPyTorchReads(string net)
    {
        var expected = fixture.Net(net).GetProperty("lin");
        var weights = ModelWeights.Read(OfficialLpipsFixture.Lin(net));
        try
        {
            Assert.Equal(expected.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal), weights.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var entry in expected.EnumerateObject())
            {
                var tensor = weights[entry.Name];
                Assert.Equal(entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), tensor.shape);
                Assert.Equal(ScalarType.Float32, tensor.dtype);
                var values = entry.Value.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
                Assert.Equal(values, tensor.flatten().data<float>().ToArray()); // bit-exact
            }
        }
        finally
        {
            foreach (var t in weights.Values)
            {
                t.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Distance_WithOfficialLinWeights_MatchesTheLpipsPackage(string net)
    {
        var reference = fixture.Net(net);
        using var lpips = LpipsFactory.Create(OfficialLpipsFixture.Parse(net), fixture.Trunk(net), OfficialLpipsFixture.Lin(net), LpipsInputRange.ZeroToOne);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var exRef = OfficialLpipsFixture.Image("ex_ref.png");
        double d0 = lpips.Compute(OfficialLpipsFixture.Image("ex_p0.png"), exRef).item<float>();
        double d1 = lpips.Compute(OfficialLpipsFixture.Image("ex_p1.png"), exRef).item<float>();
        double same = lpips.Compute(exRef.clone(), exRef).item<float>();
        double e0 = reference.GetProperty("d_ref_p0").GetDouble(), e1 = reference.GetProperty("d_ref_p1").GetDouble();
        output.WriteLine($"{net}: d(ref,p0) {d0:R} vs {e0:R} (|diff| {Math.Abs(d0 - e0):E2}); d(ref,p1) {d1:R} vs {e1:R} (|diff| {Math.Abs(d1 - e1):E2})");

        Assert.InRange(Math.Abs(d0 - e0), 0, Tolerance);
        Assert.InRange(Math.Abs(d1 - e1), 0, Tolerance);
        Assert.Equal(0, same);
        Assert.Equal(reference.GetProperty("layers_ref_p0").GetArrayLength(), lpips.LinLayers.Count);
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void LinLayerChannels_AreLpipsChns(string net)
    {
        using var lpips = LpipsFactory.CreateForTraining(OfficialLpipsFixture.Parse(net), fixture.Trunk(net), LpipsInputRange.ZeroToOne);
        var expected = fixture.Net(net).GetProperty("lin").EnumerateObject().Select(p => p.Value.GetProperty("shape")[1].GetInt64());
        Assert.Equal(expected, lpips.LinLayers.Select(l => l.Weight.shape[1]));
        Assert.False(lpips.WeightsReady);
    }

    [Fact]
    public void AlexNetAndSqueezeNet_HaveTorchvisionsKeysAndShapes()
    {
        using var alex = new AlexNet();
        using var squeeze = new SqueezeNet();
        foreach (var (net, model) in new (string, TorchSharp.torch.nn.Module)[] { ("alex", alex), ("squeeze", squeeze) })
        {
            var expected = fixture.Net(net).GetProperty("torchvision_keys").EnumerateArray()
                .Select(e => $"{e.GetProperty("key").GetString()} [{string.Join(",", e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()))}]");
            var actual = model.state_dict().Select(kv => $"{kv.Key} [{string.Join(",", kv.Value.shape)}]");
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void AlexNet_LoadsAFullTorchvisionLayout_AndRefusesTooSmallInputs()
    {
        using var alex = new AlexNet();
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 2, 1000 }, alex.call(rand(2, 3, 63, 63)).shape);
        var error = Assert.Throws<ArgumentException>(() => alex.call(rand(1, 3, 62, 62)));
        Assert.Contains("at least 63x63", error.Message, StringComparison.Ordinal);
        var taps = alex.Features(rand(1, 3, 31, 31), LpipsOptions.AlexLayers);
        Assert.Equal(new long[] { 64, 192, 384, 256, 256 }, LpipsOptions.AlexLayers.Select(l => taps[l].shape[1]));
        Assert.Throws<ArgumentException>(() => alex.Features(rand(1, 3, 30, 30), LpipsOptions.AlexLayers));
    }

    [Fact]
    public void ModelFactory_LoadsAWholeTorchvisionFile_IntoFeaturesOnlyTrunks()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pl-squeeze-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var full = new SqueezeNet())
            {
                ModelWeights.Save(full, path);
            }

            using var loaded = ModelFactory.SqueezeNet(path, includeClassifier: false);
            using var whole = ModelFactory.SqueezeNet(path);
            using var scope = NewDisposeScope();
            var x = rand(1, 3, 64, 64);
            Assert.Equal(whole.Features(x, new[] { "relu7" })["relu7"].data<float>().ToArray(), loaded.call(x).data<float>().ToArray());
            Assert.DoesNotContain(loaded.state_dict().Keys, k => k.StartsWith("classifier.", StringComparison.Ordinal));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void SqueezeNet_ClassifiesAndTapsAsTorchvision()
    {
        using var squeeze = new SqueezeNet();
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 1, 1000 }, squeeze.call(rand(1, 3, 64, 64)).shape);
        var taps = squeeze.Features(rand(1, 3, 64, 64), LpipsOptions.SqueezeLayers);
        Assert.Equal(new long[] { 64, 128, 256, 384, 384, 512, 512 }, LpipsOptions.SqueezeLayers.Select(l => taps[l].shape[1]));
        Assert.Equal(new long[] { 31, 15, 7, 3, 3, 3, 3 }, LpipsOptions.SqueezeLayers.Select(l => taps[l].shape[2]));
        Assert.Throws<ArgumentException>(() => squeeze.Features(rand(1, 3, 64, 64), new[] { "relu8" }));
    }

    [Fact]
    public void Create_WithAnotherNetsLinFile_SaysWhatTheFileHolds()
    {
        var error = Assert.Throws<ArgumentException>(() => LpipsFactory.Create(LpipsNet.Vgg, fixture.Trunk("vgg"), OfficialLpipsFixture.Lin("alex"), LpipsInputRange.ZeroToOne));
        Assert.Equal("linWeights", error.ParamName);
        Assert.Contains("holds LPIPS v0.1 lin layers for the alex trunk (channels 64, 192, 384, 256, 256)", error.Message, StringComparison.Ordinal);
        Assert.Contains("net 'vgg') needs LPIPS v0.1 lin layers for the vgg trunk (channels 64, 128, 256, 512, 512)", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => LpipsFactory.Create(LpipsNet.Alex, fixture.Trunk("alex"), OfficialLpipsFixture.Lin("squeeze"), LpipsInputRange.ZeroToOne));
        Assert.Contains("lin layers for the squeeze trunk (channels 64, 128, 256, 384, 384, 512, 512)", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => LpipsFactory.Create(LpipsNet.Squeeze, fixture.Trunk("squeeze"), fixture.Trunk("squeeze"), LpipsInputRange.ZeroToOne));
        Assert.Contains("holds a SqueezeNet 1.1 at full width, features only, not LPIPS lin weights", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithAnotherNetsTrunk_SaysWhatTheFileHolds()
    {
        var cases = new List<(LpipsNet Net, string Trunk, string Holds)>
        {
            (LpipsNet.Alex, fixture.Trunk("vgg"), "holds a VGG-16 at full width, features only, but LPIPS net 'alex' needs a torchvision AlexNet (alexnet-owt-7be5be79.pth)"),
            (LpipsNet.Vgg, fixture.Trunk("alex"), "holds an AlexNet at full width, features only, but LPIPS net 'vgg' needs a torchvision VGG-16 (vgg16-397923af.pth)"),
            (LpipsNet.Squeeze, fixture.Trunk("alex"), "holds an AlexNet at full width, features only, but LPIPS net 'squeeze' needs a torchvision SqueezeNet 1.1 (squeezenet1_1-b8a52dc0.pth)"),
            (LpipsNet.Alex, OfficialLpipsFixture.Lin("alex"), "holds LPIPS v0.1 lin layers for the alex trunk (channels 64, 192, 384, 256, 256), but LPIPS net 'alex' needs a torchvision AlexNet"),
        };
        foreach (var (net, trunk, holds) in cases)
        {
            var error = Assert.Throws<ArgumentException>(() => LpipsFactory.Create(net, trunk, OfficialLpipsFixture.Lin(net.ToString().ToLowerInvariant()), LpipsInputRange.ZeroToOne));
            Assert.Equal("trunkWeights", error.ParamName);
            Assert.Contains(holds, error.Message, StringComparison.Ordinal);
        }
    }
}
