using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>The overloads that return the load report, so keys a features-only model drops are visible.</summary>
public sealed class ModelFactoryLoadReportTests
{
    private static string SamplesWeights(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "data", "weights", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/data/weights/{name} not found above the test binaries.");
    }

    [Fact]
    public void Vgg19FeaturesOnly_ReportsTheClassifierKeysItDrops()
    {
        string file = SamplesWeights("vgg19_w16.dat");
        using var scope = NewDisposeScope();
        var inFile = ModelWeights.Read(file).Keys.Where(k => k.StartsWith("classifier.", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToArray();

        using var vgg = ModelFactory.Vgg19(VggOptions.Vgg19FeaturesOnly with { WidthMultiplier = 0.0625 }, file, out WeightLoadReport report);

        Assert.NotEmpty(inFile);
        Assert.Equal(inFile, report.DroppedKeys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
        Assert.True(report.IsComplete, report.Describe());
        Assert.Equal(vgg.state_dict().Count, report.LoadedKeys.Count);
        Assert.False(vgg.training);
    }

    [Fact]
    public void ResNetAndEnhanceNet_ReturnTheirReports()
    {
        using var resnet = ModelFactory.ResNet(ResNetOptions.ResNet50ImageNet with { BaseWidth = 4, NumClasses = 10 }, SamplesWeights("resnet50_w16.dat"), out WeightLoadReport resnetReport);
        Assert.True(resnetReport.IsComplete, resnetReport.Describe());
        Assert.NotEmpty(resnetReport.LoadedKeys);

        string saved = Path.Combine(Directory.CreateTempSubdirectory("pl-factory-").FullName, "enhancenet.dat");
        using (var original = ModelFactory.EnhanceNet(EnhanceNetOptions.Tiny))
        {
            ModelWeights.Save(original, saved);
        }

        using var enhanceNet = ModelFactory.EnhanceNet(EnhanceNetOptions.Tiny, saved, out WeightLoadReport enhanceReport);
        Assert.True(enhanceReport.IsComplete, enhanceReport.Describe());
        Assert.Empty(enhanceReport.DroppedKeys);
        Directory.Delete(Path.GetDirectoryName(saved)!, recursive: true);
    }
}
