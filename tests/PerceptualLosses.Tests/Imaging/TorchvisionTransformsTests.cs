using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Imaging;

/// <summary>
/// torchvision 0.14's <c>Resize(size)</c> + <c>CenterCrop(crop)</c> on PIL images (tools/fixtures/torchvision_transforms_reference.py):
/// PIL rounds its result to 8 bits, so agreement is asserted within 1/255.
/// </summary>
public sealed class TorchvisionTransformsTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "torchvision");
    private static readonly string Inputs = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Metrics");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in CaseList())
        {
            data.Add(c.GetProperty("case").GetString()!);
        }

        return data;
    }

    private static JsonElement[] CaseList() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "cases.json"))).RootElement.GetProperty("cases").EnumerateArray().ToArray();

    private static JsonElement Case(string name) => CaseList().Single(c => c.GetProperty("case").GetString() == name);

    private static void AssertWithinOneLevel(Tensor expected, Tensor actual, string label)
    {
        Assert.Equal(expected.shape, actual.shape);
        double error = (expected - actual).abs().max().item<float>();
        Assert.True(error <= 1.0 / 255, $"{label}: max difference {error * 255:F3}/255 from torchvision");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ResizeAndCenterCrop_MatchTorchvision(string name)
    {
        using var scope = NewDisposeScope();
        var c = Case(name);
        var image = ImageIO.Load(Path.Combine(Inputs, c.GetProperty("input").GetString()!));
        var resized = TorchvisionTransforms.Resize(image, c.GetProperty("resize").GetInt32());
        Assert.Equal(c.GetProperty("resized_size").EnumerateArray().Select(v => v.GetInt64()).ToArray(), resized.shape[1..]);

        var cropped = TorchvisionTransforms.CenterCrop(resized, c.GetProperty("crop").GetInt32());

        AssertWithinOneLevel(ImageIO.Load(Path.Combine(Folder, name + ".png")), cropped, name);
    }

    /// <summary>ImageNet-style class folders are evaluated with torchvision's transform (MATLAB bicubic before).</summary>
    [Fact]
    public void ClassFolderEvaluation_UsesTorchvisionsTransform()
    {
        var root = Directory.CreateTempSubdirectory("pl-tv-");
        try
        {
            var c = Case("shrink_coffee");
            Directory.CreateDirectory(Path.Combine(root.FullName, "coffee"));
            File.Copy(Path.Combine(Inputs, c.GetProperty("input").GetString()!), Path.Combine(root.FullName, "coffee", "a.png"));
            using var scope = NewDisposeScope();

            var x = new ClassFolderDataset(root.FullName).LoadForEvaluation(0, c.GetProperty("resize").GetInt32(), c.GetProperty("crop").GetInt32());

            AssertWithinOneLevel(ImageIO.Load(Path.Combine(Folder, "shrink_coffee.png")), x, "class folder");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void CenterCrop_Throws_WhenTheImageIsSmallerThanTheCrop()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => TorchvisionTransforms.CenterCrop(zeros(3, 20, 30), 24));
        Assert.Equal("image", error.ParamName);
    }
}
