using System;
using System.IO;
using PerceptualLosses.Imaging;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Readme;

/// <summary>The README's C# example, with a committed image and the small VGG-19 of the loss fixtures.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_RunsAsWritten()
    {
        using var scope = NewDisposeScope();
        string image = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "io", "rgb8.png");
        string weights = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Losses", "vgg19_w8.pth");

        Tensor hr = ImageIO.Load(image).unsqueeze(0);
        hr = nn.functional.interpolate(hr, size: new long[] { 64, 80 }, mode: InterpolationMode.Nearest); // big enough for pool5
        Tensor lr = MatlabResize.Imresize(hr, 0.25);
        Vgg vgg = ModelFactory.Vgg19(VggOptions.Vgg19FeaturesOnly with { WidthMultiplier = 0.125 }, weights);
        var loss = new CompositePerceptualLoss(LossSpec.Parse("EPT"), vgg);
        var generator = ModelFactory.EnhanceNet(EnhanceNetOptions.Tiny);
        LossResult result = loss.Compute(generator.call(lr), hr);
        result.Total.backward();
        Tensor ssim = Ssim.Compute(MatlabResize.Imresize(lr, 4).clamp(0, 1), hr, MetricOptions.SrPaperY(4));

        Assert.Equal(6, result.Terms.Count);
        Assert.True(double.IsFinite(result.Total.item<float>()));
        Assert.Equal(new long[] { 1 }, ssim.shape);
    }
}
