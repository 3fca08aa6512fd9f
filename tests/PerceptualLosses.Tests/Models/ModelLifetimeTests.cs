using PerceptualLosses.Models;
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
