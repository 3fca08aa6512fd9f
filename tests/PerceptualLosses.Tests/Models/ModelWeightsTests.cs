using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

public sealed class ModelWeightsTests : IDisposable
{
    private static readonly VggOptions Tiny19 = new(Depth: 19, NumClasses: 10, WidthMultiplier: 1.0 / 32);
    private readonly string _folder = Directory.CreateTempSubdirectory("pl-weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("w.pth", WeightFormat.PyTorch)]
    [InlineData("w.safetensors", WeightFormat.Safetensors)]
    [InlineData("w.dat", WeightFormat.TorchSharp)]
    public void SaveThenLoad_RoundTripsEveryTensor(string file, WeightFormat format)
    {
        using var scope = NewDisposeScope();
        using var source = new Vgg(Tiny19 with { BatchNorm = true });
        ModelFixtures.Randomize(source, 7);
        string path = Path.Combine(_folder, file);
        ModelWeights.Save(source, path);
        using var target = new Vgg(Tiny19 with { BatchNorm = true });
        var report = ModelWeights.Load(target, path);
        Assert.Equal(format, report.Format);
        Assert.True(report.IsComplete);
        var expected = source.state_dict();
        foreach (var (key, value) in target.state_dict())
        {
            Assert.True(value.equal(expected[key]).all().item<bool>(), key);
        }

        ExportForPyTorchCheck(source, path, format);
    }

    /// <summary>
    /// A file written by <see cref="ModelWeights.Save"/> that PyTorch 1.13 loaded strictly (tools/fixtures/check_saved_weights.py):
    /// our loader gives PyTorch's output on it, and saving it again keeps every tensor.
    /// </summary>
    [Fact]
    public void FileWeSaved_LoadedByPyTorch_GivesPyTorchsOutput_AndRoundTrips()
    {
        using var scope = NewDisposeScope();
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Models");
        using var model = new Vgg(Tiny19 with { BatchNorm = true });
        Assert.True(ModelWeights.Load(model, Path.Combine(folder, "vgg19bn_w32_saved.pth")).IsComplete);
        model.eval();
        var bytes = File.ReadAllBytes(Path.Combine(folder, "vgg19bn_w32_saved_pytorch_output.bin"));
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        var expected = tensor(values).reshape(2, 10);
        using (no_grad())
        {
            var y = model.forward(linspace(0, 1, 2 * 3 * 40 * 40).reshape(2, 3, 40, 40));
            double error = ((y - expected).abs().max() / expected.abs().max()).item<float>();
            Assert.True(error < 1e-4, $"relative error {error}");
        }

        string again = Path.Combine(_folder, "again.pth");
        ModelWeights.Save(model, again);
        var first = ModelWeights.Read(Path.Combine(folder, "vgg19bn_w32_saved.pth"));
        var second = ModelWeights.Read(again);
        Assert.Equal(first.Keys.OrderBy(k => k), second.Keys.OrderBy(k => k));
        Assert.All(first, kv => Assert.True(kv.Value.equal(second[kv.Key]).all().item<bool>(), kv.Key));
    }

    /// <summary>
    /// With PERCEPTUAL_EXPORT_DIR set, keeps the saved file plus an input/output pair so
    /// tools/fixtures/check_saved_weights.py can load it in PyTorch (run by hand, not in CI).
    /// </summary>
    private static void ExportForPyTorchCheck(Vgg model, string path, WeightFormat format)
    {
        string? folder = Environment.GetEnvironmentVariable("PERCEPTUAL_EXPORT_DIR");
        if (folder is null || format == WeightFormat.TorchSharp)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        File.Copy(path, Path.Combine(folder, "vgg19bn_w32_saved" + Path.GetExtension(path)), overwrite: true);
        model.eval();
        using var noGrad = no_grad();
        var x = linspace(0, 1, 2 * 3 * 40 * 40).reshape(2, 3, 40, 40);
        var y = model.forward(x).contiguous();
        File.WriteAllBytes(Path.Combine(folder, "vgg19bn_w32_saved_output.bin"), y.bytes.ToArray());
    }

    [Fact]
    public void MissingFile_Throws_FileNotFound()
    {
        using var model = new Vgg(Tiny19);
        Assert.Throws<FileNotFoundException>(() => ModelWeights.Load(model, Path.Combine(_folder, "nope.pth")));
    }

    [Theory]
    [InlineData("corrupt.pth")]
    [InlineData("corrupt.dat")]
    public void CorruptFile_Throws_InvalidData(string file)
    {
        string path = Path.Combine(_folder, file);
        File.WriteAllBytes(path, Enumerable.Range(0, 1000).Select(i => (byte)(i * 37 % 251)).ToArray());
        using var model = new Vgg(Tiny19);
        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedPyTorchFile_Throws_InvalidData()
    {
        string path = Path.Combine(_folder, "truncated.pth");
        var bytes = File.ReadAllBytes(ModelFixtures.PathOf("vgg19_w32.pth"));
        File.WriteAllBytes(path, bytes.Take(bytes.Length / 2).ToArray());
        using var model = new Vgg(Tiny19);
        Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, path));
    }

    [Fact]
    public void EmptyFile_Throws_InvalidData()
    {
        string path = Path.Combine(_folder, "empty.pth");
        File.WriteAllBytes(path, Array.Empty<byte>());
        using var model = new Vgg(Tiny19);
        Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, path));
    }

    [Fact]
    public void Vgg16FileIntoVgg19_Throws_ListingKeyProblems_AndLeavesModelUnchanged()
    {
        using var scope = NewDisposeScope();
        using var vgg16 = new Vgg(Tiny19 with { Depth = 16 });
        string path = Path.Combine(_folder, "vgg16.pth");
        ModelWeights.Save(vgg16, path);
        using var vgg19 = new Vgg(Tiny19);
        var before = vgg19.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var e = Assert.Throws<WeightLoadException>(() => ModelWeights.Load(vgg19, path));
        // VGG-19 has features.32/34 (convs 5_3, 5_4) that VGG-16 lacks; VGG-16's features.28 is conv5_1 vs VGG-19's conv4_4 etc.
        Assert.Contains("features.34.weight", e.Report.MissingKeys);
        Assert.NotEmpty(e.Report.ShapeMismatches);
        // One paragraph, not every key: what the file is instead and the option that loads it.
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("The file holds a VGG-16 at width 1/32 with 10 classes; the model is a VGG-19", e.Message, StringComparison.Ordinal);
        Assert.Contains("pass Arch vgg16", e.Message, StringComparison.Ordinal);
        foreach (var (key, value) in vgg19.state_dict())
        {
            Assert.True(value.equal(before[key]).all().item<bool>(), $"{key} changed by a failed strict load");
        }
    }

    [Fact]
    public void Vgg19FileIntoVgg16_ListsTheUnexpectedKeys_StrictAndNonStrict()
    {
        using var scope = NewDisposeScope();
        using var vgg19 = new Vgg(Tiny19);
        string path = Path.Combine(_folder, "vgg19.pth");
        ModelWeights.Save(vgg19, path);
        using var vgg16 = new Vgg(Tiny19 with { Depth = 16 });

        var e = Assert.Throws<WeightLoadException>(() => ModelWeights.Load(vgg16, path));
        Assert.Contains("features.34.weight", e.Report.UnexpectedKeys);
        Assert.Contains("12 not in the model (", e.Message, StringComparison.Ordinal);

        var lenient = ModelWeights.Load(vgg16, path, WeightLoadOptions.Default with { Strict = false });
        Assert.Equal(e.Report.UnexpectedKeys, lenient.UnexpectedKeys);
        Assert.False(lenient.IsComplete);
    }

    [Fact]
    public void MismatchedClassCount_Throws_WithShapes()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny19 with { NumClasses = 1000 });
        var e = Assert.Throws<WeightLoadException>(() => ModelWeights.Load(model, ModelFixtures.PathOf("vgg19_w32.pth")));
        var mismatch = Assert.Single(e.Report.ShapeMismatches, m => m.Key == "classifier.6.weight");
        Assert.Equal(new long[] { 1000, 128 }, mismatch.ModelShape);
        Assert.Equal(new long[] { 10, 128 }, mismatch.FileShape);
        Assert.Contains("classifier.6.weight: model [1000,128] vs file [10,128]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonStrict_LoadsMatchingKeys_AndReportsTheRest()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny19 with { NumClasses = 1000 });
        var report = ModelWeights.Load(model, ModelFixtures.PathOf("vgg19_w32.pth"), WeightLoadOptions.NonStrict);
        Assert.False(report.IsComplete);
        Assert.Equal(new[] { "classifier.6.weight", "classifier.6.bias" }, report.ShapeMismatches.Select(m => m.Key));
        Assert.Contains("features.0.weight", report.LoadedKeys);
        var file = ModelWeights.Read(ModelFixtures.PathOf("vgg19_w32.pth"));
        Assert.True(model.state_dict()["features.0.weight"].equal(file["features.0.weight"]).all().item<bool>());
    }

    [Fact]
    public void FullFileIntoFeaturesOnlyModel_Works_WhenClassifierIsIgnored()
    {
        using var scope = NewDisposeScope();
        using var model = new Vgg(Tiny19 with { IncludeClassifier = false });
        Assert.Throws<WeightLoadException>(() => ModelWeights.Load(model, ModelFixtures.PathOf("vgg19_w32.pth")));
        var report = ModelWeights.Load(model, ModelFixtures.PathOf("vgg19_w32.pth"), WeightLoadOptions.Default with { IgnoredPrefixes = new[] { "classifier." } });
        Assert.True(report.IsComplete);
        Assert.Equal(6, report.DroppedKeys.Count);
    }

    [Fact]
    public void ModulePrefix_AndNestedStateDict_AreUnwrapped()
    {
        using var scope = NewDisposeScope();
        using var source = new Vgg(Tiny19);
        var prefixed = source.state_dict().ToDictionary(kv => "module." + kv.Key, kv => kv.Value);
        string path = Path.Combine(_folder, "nested.pth");
        using (var stream = File.Create(path))
        {
            var checkpoint = new System.Collections.Hashtable { ["state_dict"] = prefixed, ["epoch"] = 3 };
            TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(stream, checkpoint);
        }

        using var target = new Vgg(Tiny19);
        var report = ModelWeights.Load(target, path);
        Assert.True(report.IsComplete);
        Assert.Equal("features.0.weight", report.RenamedKeys["module.features.0.weight"]);
        Assert.True(target.state_dict()["classifier.6.bias"].equal(source.state_dict()["classifier.6.bias"]).all().item<bool>());
    }
}
