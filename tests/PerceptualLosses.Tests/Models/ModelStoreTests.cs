using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Models;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>The model store: one read per file, one key-prefix rule, strict loads, typed sidecars.</summary>
public sealed class ModelStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-store-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void VggFeatures_LoadsARobustnessCheckpoint_WithItsAttackerCopyAndNormalizerBuffers()
    {
        // The layout of MadryLab robustness checkpoints (robustness/attacker.py): the classifier under module.model.*, the
        // same weights again under module.attacker.model.*, and the normalizers' ImageNet statistics.
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var source = new Vgg(new VggOptions(Depth: 19, NumClasses: 10, WidthMultiplier: 0.0625));
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in source.state_dict())
        {
            state["module.model." + key] = value;
            state["module.attacker.model." + key] = value;
        }

        foreach (string normalizer in new[] { "module.normalizer", "module.attacker.normalize" })
        {
            state[normalizer + ".new_mean"] = tensor(ImageNetStatistics.Mean.ToArray()).reshape(3, 1, 1);
            state[normalizer + ".new_std"] = tensor(ImageNetStatistics.Std.ToArray()).reshape(3, 1, 1);
        }

        string path = Path.Combine(root, "robust_vgg19.pt");
        ModelWeights.SaveStateDict(state, path);

        var (vgg, report) = ModelStore.VggFeatures(path, robustnessCheckpoint: true);
        using (vgg)
        {
            Assert.False(vgg.Options.IncludeClassifier);
            Assert.Equal(0.0625, vgg.Options.WidthMultiplier, 9);
            var loaded = vgg.state_dict();
            Assert.Equal(source.state_dict()["features.0.weight"].data<float>().ToArray(), loaded["features.0.weight"].data<float>().ToArray());
            Assert.Contains("module.attacker.model.features.0.weight", report.DroppedKeys);
            Assert.Contains("module.normalizer.new_mean", report.DroppedKeys);
            Assert.Empty(report.MissingKeys);
        }
    }

    [Fact]
    public void StateDict_IsReadOnce_AndDisposingItFreesEveryTensor()
    {
        string path = Path.Combine(root, "small.pt");
        using (var source = nn.Linear(3, 2))
        {
            ModelWeights.Save(source, path);
        }

        Tensor weight;
        using (var state = StateDict.Read(path))
        {
            Assert.Equal(WeightFormat.PyTorch, state.Format);
            Assert.Equal(new[] { "bias", "weight" }, state.Tensors.Keys.OrderBy(k => k, StringComparer.Ordinal));
            weight = state.Tensors["weight"];
            Assert.False(weight.IsInvalid);
        }

        Assert.True(weight.IsInvalid);
    }

    [Fact]
    public void ModelKeys_StripDataParallel_AndInARobustnessCheckpointKeepOnlyTheClassifier()
    {
        using var scope = NewDisposeScope();
        var plain = new Dictionary<string, Tensor> { ["module.features.0.weight"] = zeros(1), ["classifier.0.bias"] = zeros(1) };
        Assert.Equal(new[] { "classifier.0.bias", "features.0.weight" }, WeightKeys.ModelKeys(plain).Keys.OrderBy(k => k, StringComparer.Ordinal));

        var robust = new Dictionary<string, Tensor>
        {
            ["module.model.fc.weight"] = zeros(1),
            ["module.attacker.model.fc.weight"] = zeros(1),
            ["module.normalizer.new_mean"] = zeros(3),
        };
        Assert.Equal(new[] { "fc.weight" }, WeightKeys.ModelKeys(robust).Keys);
    }

    [Fact]
    public void ClassifierArchitecture_ReadsTheSidecarsTrainClassifierWrote_AndWritesTheSameJson()
    {
        // The JSON train-classifier wrote before the sidecar had a type (a dictionary serialised in this key order).
        const string written = "{\"arch\":\"small-cnn\",\"channels\":1,\"image_size\":28,\"num_classes\":10,\"width\":1}";
        string path = Path.Combine(root, ClassifierArchitecture.FileName);
        File.WriteAllText(path, written);
        var architecture = ClassifierArchitecture.Read(path);
        Assert.Equal(new ClassifierArchitecture("small-cnn", 1, 28, 10, 1.0), architecture);

        architecture.Write(path);
        Assert.Equal(written, File.ReadAllText(path));

        File.WriteAllText(path, "{\"arch\":\"resnet18\",\"channels\":3,\"image_size\":32,\"num_classes\":10}");
        Assert.Equal(1.0, ClassifierArchitecture.Read(path).Width);
    }

    [Fact]
    public void Classifier_FromItsSidecar_LoadsStrictly_AndAMissingSidecarNamesTheFile()
    {
        string weights = Path.Combine(root, "model.bin");
        var architecture = new ClassifierArchitecture("small-cnn", 1, 28, 10);
        using (var trained = architecture.Create())
        {
            trained.save(weights);
        }

        var missing = Assert.Throws<FileNotFoundException>(() => ModelStore.Classifier(weights));
        Assert.Equal(ClassifierArchitecture.SidecarOf(weights), missing.FileName);

        architecture.Write(ClassifierArchitecture.SidecarOf(weights));
        var (loaded, read) = ModelStore.Classifier(weights);
        using (loaded.Model)
        {
            Assert.Equal(architecture, read);
            Assert.True(loaded.Report.IsComplete);
        }

        (architecture with { NumClasses = 7 }).Write(ClassifierArchitecture.SidecarOf(weights));
        Assert.Throws<WeightLoadException>(() => ModelStore.Classifier(weights));
    }

    [Fact]
    public void EnhanceNet_RoundTripsThroughItsSidecar()
    {
        string weights = Path.Combine(root, "enhancenet.pth");
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var generator = new EnhanceNet(EnhanceNetOptions.Tiny);
        generator.eval();
        ModelStore.SaveEnhanceNet(generator, EnhanceNetOptions.Tiny, weights);

        var (loaded, report) = ModelStore.EnhanceNet(weights);
        using (loaded)
        {
            Assert.True(report.IsComplete);
            var input = rand(1, 3, 8, 8);
            using var noGrad = no_grad();
            Assert.Equal(generator.call(input).data<float>().ToArray(), loaded.call(input).data<float>().ToArray());
        }

        File.Delete(ModelStore.EnhanceNetSidecar(weights));
        Assert.Equal(ModelStore.EnhanceNetSidecar(weights), Assert.Throws<FileNotFoundException>(() => ModelStore.EnhanceNet(weights)).FileName);
    }
}
