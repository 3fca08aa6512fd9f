using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Tests.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>One detection of what a weights file holds, used by the model store, VGG options and LPIPS loading alike.</summary>
public sealed class WeightLayoutsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-layouts-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static Dictionary<string, long[]> Shapes(params string[] keys) => keys.ToDictionary(k => k, _ => new long[] { 4 }, StringComparer.Ordinal);

    [Theory]
    [InlineData(true, "module.model.conv1.weight", "module.attacker.model.conv1.weight", "module.normalizer.new_mean")] // MadryLab robustness, as saved
    [InlineData(true, "model.conv1.weight", "normalizer.new_mean")] // without DataParallel, normalizer only
    [InlineData(true, "module.model.conv1.weight", "module.attacker.model.conv1.weight")] // attacker copy, normalizer buffers left out
    [InlineData(false, "model.conv1.weight", "model.bn1.weight")] // a model wrapped in `.model`, no attacker: not robustness
    [InlineData(false, "conv1.weight", "input_normalize.mean")] // a key containing "normalize" does not make one
    public void RobustnessLayout_IsOneRule_ForTheStoreAndTheDetection(bool expected, params string[] keys)
    {
        var shapes = Shapes(keys);
        using var scope = NewDisposeScope();
        var tensors = keys.ToDictionary(k => k, _ => zeros(4), StringComparer.Ordinal);

        Assert.Equal(expected, RobustnessCheckpoint.IsRobustnessLayout(tensors));
        Assert.Equal(expected, WeightLayouts.Detect(shapes).Layout == WeightLayout.RobustnessCheckpoint);
    }

    [Fact]
    public void VggOptionsFromStateDict_SaysWhatANonVggFileHolds()
    {
        using var scope = NewDisposeScope();
        using var alex = new AlexNet(includeClassifier: false);
        var error = Assert.Throws<ArgumentException>(() => VggOptions.FromStateDict(alex.state_dict()));
        Assert.Equal("stateDict", error.ParamName);
        Assert.Contains("is not a torchvision VGG: it holds an AlexNet at full width, features only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VggOptionsFromStateDict_ReadsWhatTheDetectionReads()
    {
        using var scope = NewDisposeScope();
        using var vgg = new Vgg(new VggOptions(Depth: 13, BatchNorm: true, NumClasses: 10, WidthMultiplier: 0.125));
        var options = VggOptions.FromStateDict(vgg.state_dict());
        Assert.Equal((13, true, 10, 0.125, true), (options.Depth, options.BatchNorm, options.NumClasses, options.WidthMultiplier, options.IncludeClassifier));
    }

    [Fact]
    public void LpipsAlexTrunk_AtAnotherWidth_IsRefusedNamingTheWidthAndTheFileToGive()
    {
        // Before the one detection, an AlexNet of another width passed the trunk check and failed later in the strict load.
        using var scope = NewDisposeScope();
        var half = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["features.0.weight"] = zeros(32, 3, 11, 11), ["features.0.bias"] = zeros(32),
            ["features.3.weight"] = zeros(96, 32, 5, 5), ["features.3.bias"] = zeros(96),
        };
        string trunk = Path.Combine(root, "alex_half.safetensors");
        ModelWeights.SaveStateDict(half, trunk);

        var error = Assert.Throws<ArgumentException>(() => LpipsFactory.Create(LpipsNet.Alex, trunk, OfficialLpipsFixture.Lin("alex"), LpipsInputRange.ZeroToOne));
        Assert.Equal("trunkWeights", error.ParamName);
        Assert.Contains("holds an AlexNet at width 1/2, features only, but LPIPS net 'alex' needs a torchvision AlexNet (alexnet-owt-7be5be79.pth)", error.Message, StringComparison.Ordinal);
    }
}
