using PerceptualLosses.Models;
using TorchSharp;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

public class ModelLifetimeTests
{
    [Fact]
    public void ModelBuiltInsideADisposeScope_SurvivesTheScope()
    {
        Vgg vgg;
        using (var scope = NewDisposeScope())
        {
            vgg = new Vgg(new VggOptions(Depth: 11, WidthMultiplier: 0.125, IncludeClassifier: false));
        }

        using (vgg)
        using (var scope = NewDisposeScope())
        {
            var features = vgg.Features(rand(1, 3, 32, 32), new[] { "relu2_1" });
            Assert.Equal(new long[] { 1, 16, 16, 16 }, features["relu2_1"].shape);
        }
    }
}

public class ModelDeviceTests
{
    [Fact]
    public void To_MovesTheInputNormalizationBuffersWithTheWeights()
    {
        // Found on a CUDA machine (perceptual check-device): the mean/std buffers stayed on the CPU. The meta device
        // stands in for CUDA here.
        using var vgg = new Vgg(new VggOptions(Depth: 11, WidthMultiplier: 0.125, IncludeClassifier: false));
        vgg.to(new Device(DeviceType.META));
        Assert.All(vgg.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        Assert.DoesNotContain(vgg.state_dict().Keys, k => k.StartsWith("normalize", System.StringComparison.Ordinal));
    }

    [Fact]
    public void InputNormalization_FollowsTheInputDeviceAndDtype()
    {
        // TorchSharp 0.107 does not move non-persistent buffers in Module.to(device); the normalization constants follow
        // the input instead. The meta device (no kernels for convolutions) stands in for CUDA.
        using var scope = NewDisposeScope();
        using var normalization = new InputNormalization(ImageNetStatistics.Mean, ImageNetStatistics.Std);
        var meta = normalization.forward(empty(1, 3, 4, 4, device: new Device(DeviceType.META)));
        Assert.Equal(DeviceType.META, meta.device_type);
        using var other = new InputNormalization(ImageNetStatistics.Mean, ImageNetStatistics.Std);
        var doubles = other.forward(ones(1, 3, 2, 2, dtype: ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, doubles.dtype);
        Assert.Equal((1 - 0.485) / 0.229, doubles[0, 0, 0, 0].item<double>(), 6);
    }
}
