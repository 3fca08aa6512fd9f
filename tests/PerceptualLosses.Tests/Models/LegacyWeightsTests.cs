using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PerceptualLosses.Models;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>
/// Legacy (pre-1.6, non-zip) torch.save files, made by PyTorch 1.13 (tools/fixtures/legacy_weights_reference.py), read to
/// the tensors PyTorch reads back (the JSON beside them) and to the same tensors as their zip twins.
/// </summary>
public sealed class LegacyWeightsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("pl-legacy-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("legacy_mixed")]
    [InlineData("legacy_nested")]
    public void LegacyFile_ReadsToPyTorchsValues_AndEqualsItsZipTwin(string stem)
    {
        using var scope = NewDisposeScope();
        var legacy = ModelWeights.Read(ModelFixtures.PathOf(stem + ".pth"));
        var zip = ModelWeights.Read(ModelFixtures.PathOf(stem + "_zip.pth"));
        var expected = ModelFixtures.Json(stem + ".json").GetProperty("tensors");
        string prefix = stem == "legacy_nested" ? "state_dict." : "";
        var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !k.StartsWith("meta.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(expectedKeys.Select(k => k[prefix.Length..]).OrderBy(k => k, StringComparer.Ordinal), legacy.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var key in expectedKeys)
        {
            var want = expected.GetProperty(key);
            var got = legacy[key[prefix.Length..]];
            Assert.Equal(want.GetProperty("dtype").GetString(), DtypeName(got.dtype));
            Assert.Equal(ModelFixtures.Shape(want.GetProperty("shape")), got.shape);
            Assert.Equal(want.GetProperty("storage_offset").GetInt64(), got.storage_offset());
            Assert.Equal(want.GetProperty("contiguous").GetBoolean(), got.is_contiguous());
            AssertValues(key, want.GetProperty("values"), got);
            Assert.True(Same(got, zip[key[prefix.Length..]]), $"{key}: legacy differs from zip twin");
        }
    }

    [Theory]
    [InlineData("legacy_mixed.pth")]
    [InlineData("legacy_mixed_zip.pth")]
    public void Keys_KeepTheOrderOfTheFile(string file)
    {
        using var scope = NewDisposeScope();
        var expected = ModelFixtures.Json("legacy_mixed.json").GetProperty("tensors").EnumerateObject().Select(p => p.Name);
        Assert.Equal(expected, ModelWeights.Read(ModelFixtures.PathOf(file)).Keys);
    }

    [Fact]
    public void KeysOfNoKnownLayout_StrictLoadNamesTheFirstKeysAndTheLayoutsTried()
    {
        using var scope = NewDisposeScope();
        using var model = new ResNet(new ResNetOptions(18, 10, 2));
        var e = Assert.Throws<WeightLoadException>(() => ModelWeights.Load(model, ModelFixtures.PathOf("legacy_mixed.pth")));
        Assert.Contains("The file fits no known layout (first keys: base, view.row, view.transposed, view.strided, view.scalar; layouts tried: torchvision VGG/ResNet", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("legacy_mixed.pth")]
    [InlineData("legacy_mixed_zip.pth")]
    public void TensorsOnOneStorage_StayViewsOfIt(string file)
    {
        using var scope = NewDisposeScope();
        var t = ModelWeights.Read(ModelFixtures.PathOf(file));
        Assert.Equal(-0.25f, t["view.row"][0].item<float>()); // base[1,0] = 6/8 - 1
        t["base"][1, 0].fill_(42f);
        Assert.Equal(42f, t["view.row"][0].item<float>());
        Assert.Equal(42f, t["view.transposed"][0, 1].item<float>());
        Assert.Equal(42f, t["view.strided"][0, 0].item<float>());
        t["half.front"][3].fill_(1.5f);
        Assert.Equal(4, t["half.back"].storage_offset());
        Assert.Equal(1.5f, t["half.front"][3].to_type(ScalarType.Float32).item<float>());
    }

    [Fact]
    public void ZipReader_AgreesWithPyBridgesUnpickler_OnContiguousTensors()
    {
        // PyBridge reads each zip storage on its own; on contiguous offset-0 tensors it is an independent reader to check ours against.
        using var scope = NewDisposeScope();
        var ours = ModelWeights.Read(ModelFixtures.PathOf("legacy_robustness_resnet18_w2_classifier_zip.pth"));
        var theirs = PyTorchUnpickler.UnpickleStateDict(ModelFixtures.PathOf("legacy_robustness_resnet18_w2_classifier_zip.pth"));
        Assert.Equal(theirs.Count, ours.Count);
        foreach (var (key, value) in ours)
        {
            Assert.True(Same(value, (Tensor)theirs[key]!), key);
        }
    }

    [Theory]
    [InlineData("legacy_robustness_resnet18_w2.pth", WeightFormat.PyTorchLegacy)]
    [InlineData("legacy_robustness_resnet18_w2_zip.pth", WeightFormat.PyTorch)]
    public void RobustnessTrainCheckpoint_LoadsTheClassifierFromModel_AndReportsTheRest(string file, WeightFormat format)
    {
        using var scope = NewDisposeScope();
        using var model = new ResNet(new ResNetOptions(18, 10, 2));
        var report = RobustnessCheckpoint.Load(model, ModelFixtures.PathOf(file));

        Assert.True(report.IsComplete, report.Describe());
        Assert.Equal(format, report.Format);
        Assert.Contains(report.IgnoredEntries, e => e.StartsWith("optimizer (dict, 2 entries, ", StringComparison.Ordinal));
        Assert.Contains(report.IgnoredEntries, e => e.StartsWith("schedule (dict", StringComparison.Ordinal));
        Assert.Contains("epoch = 2", report.IgnoredEntries);
        Assert.Contains("amp = None", report.IgnoredEntries);
        Assert.Contains("module.attacker.model.conv1.weight", report.DroppedKeys);
        var reference = ModelWeights.Read(ModelFixtures.PathOf("legacy_robustness_resnet18_w2_classifier_zip.pth"));
        var loaded = model.state_dict();
        Assert.Equal(reference.Count, loaded.Count);
        foreach (var (key, value) in reference)
        {
            Assert.True(Same(loaded[key], value), key);
        }

        using var viaFactory = ModelFactory.ResNet(new ResNetOptions(18, 10, 2), ModelFixtures.PathOf(file));
        Assert.True(Same(viaFactory.state_dict()["fc.weight"], reference["fc.weight"]));
    }

    [Fact]
    public void RobustnessCheckpoint_ReadsOnlyTheModelEntrysStorages()
    {
        using var file = PickledCheckpoint.Open(ModelFixtures.PathOf("legacy_robustness_resnet18_w2.pth"));
        var (chosen, _) = PickledStateDict.Select(file.Root, file.Path);
        foreach (var (key, tensor) in chosen)
        {
            file.Materialize(tensor, key).Dispose();
        }

        // The momentum buffers (the optimizer's storages) are never read.
        Assert.Contains(file.Storages, s => s.Data is null);
        Assert.All(chosen, c => Assert.NotNull(c.Value.Storage.Data));
    }

    [Fact]
    public void LpipsLinDict_LegacyEqualsZip()
    {
        using var scope = NewDisposeScope();
        var legacy = ModelWeights.Read(ModelFixtures.PathOf("legacy_lpips_vgg_lin.pth"));
        var zip = ModelWeights.Read(ModelFixtures.PathOf("legacy_lpips_vgg_lin_zip.pth"));
        Assert.Equal(new[] { 64L, 128, 256, 512, 512 }, Enumerable.Range(0, 5).Select(k => legacy[$"lin{k}.model.1.weight"].shape[1]));
        Assert.All(zip, kv => Assert.True(Same(legacy[kv.Key], kv.Value), kv.Key));
    }

    [Fact]
    public void LegacyVgg19_LoadsTheSameModelAsTheZipFixture()
    {
        using var scope = NewDisposeScope();
        var options = new VggOptions(Depth: 19, NumClasses: 10, WidthMultiplier: 1.0 / 32);
        using var fromLegacy = ModelFactory.Vgg19(options, ModelFixtures.PathOf("legacy_vgg19_w32.pth"));
        using var fromZip = ModelFactory.Vgg19(options, ModelFixtures.PathOf("vgg19_w32.pth"));
        var zip = fromZip.state_dict();
        Assert.All(fromLegacy.state_dict(), kv => Assert.True(Same(kv.Value, zip[kv.Key]), kv.Key));
    }

    [Fact]
    public void ZeroByteFile_Throws_InvalidData()
    {
        string path = Write("empty.pth", Array.Empty<byte>());
        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.Read(path));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void TruncatedLegacyFile_Throws_AndLeavesTheModelUnchanged(double fraction)
    {
        using var scope = NewDisposeScope();
        var bytes = File.ReadAllBytes(ModelFixtures.PathOf("legacy_vgg19_w32.pth"));
        string path = Write("truncated.pth", bytes.Take((int)(bytes.Length * fraction)).ToArray());
        using var model = new Vgg(new VggOptions(Depth: 19, NumClasses: 10, WidthMultiplier: 1.0 / 32));
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, path));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.All(model.state_dict(), kv => Assert.True(Same(kv.Value, before[kv.Key]), kv.Key));
    }

    [Fact]
    public void PickleWithoutTensors_Throws_SayingSo()
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.Read(ModelFixtures.PathOf("legacy_no_tensors.pth")));
        Assert.Contains("holds no tensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("epoch = 3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FloatStorage", "QuaxyStorage", "unknown storage type torch.QuaxyStorage")]
    [InlineData("_rebuild_tensor_v2", "_rebuild_tensor_v9", "torch._utils._rebuild_tensor_v9")]
    public void UnknownStorageTypeOrRebuildFunction_IsNamed(string from, string to, string message)
    {
        string path = Write("edited.pth", Replace(File.ReadAllBytes(ModelFixtures.PathOf("legacy_mixed.pth")), from, to));
        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.Read(path));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BigEndianLegacyFile_Throws_SayingSo()
    {
        // The system-info record's little_endian=True (NEWTRUE, 0x88) turned into False (NEWFALSE, 0x89).
        var bytes = File.ReadAllBytes(ModelFixtures.PathOf("legacy_mixed.pth"));
        int at = IndexOf(bytes, Encoding.ASCII.GetBytes("little_endian")) + "little_endian".Length;
        at = Array.IndexOf(bytes, (byte)0x88, at);
        bytes[at] = 0x89;
        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.Read(Write("big.pth", bytes)));
        Assert.Contains("big-endian", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PyBridgesZipReader_StillWorks_AfterALegacyRead()
    {
        using var scope = NewDisposeScope();
        ModelWeights.Read(ModelFixtures.PathOf("legacy_mixed.pth"));
        var table = PyTorchUnpickler.UnpickleStateDict(ModelFixtures.PathOf("legacy_lpips_vgg_lin_zip.pth"));
        Assert.Equal(5, table.Count);
        Assert.IsAssignableFrom<Tensor>(table["lin0.model.1.weight"]);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        int at = IndexOf(bytes, Encoding.ASCII.GetBytes(from));
        Assert.True(at >= 0, from);
        return bytes.Take(at).Concat(Encoding.ASCII.GetBytes(to)).Concat(bytes.Skip(at + from.Length)).ToArray();
    }

    private static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.equal(b).all().item<bool>();

    private static int IndexOf(byte[] bytes, byte[] pattern) => bytes.AsSpan().IndexOf(pattern);

    private static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => dtype.ToString(),
    };

    private static void AssertValues(string key, JsonElement expected, Tensor actual)
    {
        var flat = actual.flatten();
        if (actual.dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64)
        {
            var got = flat.to_type(ScalarType.Float64).data<double>().ToArray();
            Assert.Equal(expected.EnumerateArray().Select(e => e.GetDouble()), got); // exact: every value is representable in both
        }
        else
        {
            var got = flat.to_type(ScalarType.Int64).data<long>().ToArray();
            Assert.Equal(expected.EnumerateArray().Select(e => e.GetInt64()), got);
        }

        Assert.True(expected.GetArrayLength() == actual.numel(), key);
    }
}
