using System;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;

namespace PerceptualLosses.Tests.Models;

public class VggLayersTests
{
    [Theory]
    // pytorch/vision torchvision/models/vgg.py indices.
    [InlineData("conv1_1", 0)]
    [InlineData("relu1_1", 1)]
    [InlineData("pool1", 4)]
    [InlineData("relu2_1", 6)]
    [InlineData("relu2_2", 8)]
    [InlineData("pool2", 9)]
    [InlineData("relu3_1", 11)]
    [InlineData("relu3_4", 17)]
    [InlineData("relu4_1", 20)]
    [InlineData("relu4_4", 26)]
    [InlineData("pool4", 27)]
    [InlineData("conv5_1", 28)]
    [InlineData("relu5_4", 35)]
    [InlineData("pool5", 36)]
    public void Vgg19_Indices_MatchTorchvision(string name, int index) =>
        Assert.Equal(index, VggLayers.For(19, batchNorm: false)[name].Index);

    [Fact]
    public void Vgg16_ReluIndices_MatchTorchvisionAndLpipsSlices()
    {
        var layers = VggLayers.For(16, batchNorm: false);
        Assert.Equal(new[] { 3, 8, 15, 22, 29 }, new[] { "relu1_2", "relu2_2", "relu3_3", "relu4_3", "relu5_3" }.Select(n => layers[n].Index));
        Assert.Equal(31, layers.FeatureLayerCount);
    }

    [Theory]
    [InlineData(11, false, 21)]
    [InlineData(13, false, 25)]
    [InlineData(16, false, 31)]
    [InlineData(19, false, 37)]
    [InlineData(11, true, 29)]
    [InlineData(19, true, 53)]
    public void FeatureLayerCount_MatchesTorchvisionFeaturesLength(int depth, bool bn, int count) =>
        Assert.Equal(count, VggLayers.For(depth, bn).FeatureLayerCount);

    [Fact]
    public void Vgg19Bn_ShiftsIndicesForBatchNorm()
    {
        var layers = VggLayers.For(19, batchNorm: true);
        Assert.Equal(0, layers["conv1_1"].Index);
        Assert.Equal(1, layers["bn1_1"].Index);
        Assert.Equal(2, layers["relu1_1"].Index);
        Assert.Equal(6, layers["pool1"].Index);
        Assert.Equal(51, layers["relu5_4"].Index);
    }

    [Fact]
    public void UnknownName_Throws_ListingValidNames()
    {
        var layers = VggLayers.For(16, batchNorm: false);
        var e = Assert.Throws<ArgumentException>(() => layers.Resolve(new[] { "relu5_4" }, "layers"));
        Assert.Equal("layers", e.ParamName);
        Assert.Contains("relu5_4", e.Message, StringComparison.Ordinal);
        Assert.Contains("relu5_3", e.Message, StringComparison.Ordinal);
        Assert.Contains("pool5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MinimumInputSize_DoublesPerPooling()
    {
        var layers = VggLayers.For(19, batchNorm: false);
        Assert.Equal(1, layers["relu1_2"].MinimumInputSize);
        Assert.Equal(2, layers["pool1"].MinimumInputSize);
        Assert.Equal(16, layers["relu5_4"].MinimumInputSize);
        Assert.Equal(32, layers.ClassifierMinimumInputSize);
    }
}
