using System;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

public class ModelFactoryTests
{
    [Fact]
    public void Vgg19_FeaturesOnly_LoadsFullFile_IgnoringClassifier_InEvalMode()
    {
        using var scope = NewDisposeScope();
        var options = VggOptions.Vgg19FeaturesOnly with { WidthMultiplier = 1.0 / 32 };
        using var model = ModelFactory.Vgg19(options, ModelFixtures.PathOf("vgg19_w32.pth"));
        Assert.False(model.training);
        var file = ModelWeights.Read(ModelFixtures.PathOf("vgg19_w32.pth"));
        Assert.True(model.state_dict()["features.34.weight"].equal(file["features.34.weight"]).all().item<bool>());
        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("classifier", StringComparison.Ordinal));
    }

    [Fact]
    public void Vgg19_RejectsOtherDepth()
    {
        Assert.Throws<ArgumentException>(() => ModelFactory.Vgg19(VggOptions.Vgg16ImageNet));
    }

    [Fact]
    public void ResNet50_DetectsRobustnessCheckpoint()
    {
        using var scope = NewDisposeScope();
        var options = new ResNetOptions(Depth: 50, NumClasses: 10, BaseWidth: 4);
        using var robust = ModelFactory.ResNet50(options, ModelFixtures.PathOf("resnet50_w4_robustness.pt"));
        using var plain = ModelFactory.ResNet50(options, ModelFixtures.PathOf("resnet50_w4.pth"));
        var x = rand(1, 3, 32, 32);
        Assert.True(robust.forward(x).equal(plain.forward(x)).all().item<bool>());
    }

    [Fact]
    public void VggOptions_FromStateDict_InfersArchitecture()
    {
        using var scope = NewDisposeScope();
        var file = ModelWeights.Read(ModelFixtures.PathOf("vgg19_w32.pth"));
        var options = VggOptions.FromStateDict(file);
        Assert.Equal(new VggOptions(Depth: 19, NumClasses: 10, WidthMultiplier: 1.0 / 32), options);
        var bn = VggOptions.FromStateDict(ModelWeights.Read(ModelFixtures.PathOf("vgg11bn_w16.pth")));
        Assert.Equal(new VggOptions(Depth: 11, BatchNorm: true, WidthMultiplier: 1.0 / 16, IncludeClassifier: false), bn);
        Assert.Throws<ArgumentException>(() => VggOptions.FromStateDict(ModelWeights.Read(ModelFixtures.PathOf("enhancenet_tiny.pth"))));
    }
}
