using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Tests.Metrics;
using PerceptualLosses.Training;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Study;

/// <summary>
/// <see cref="ClassifierTrainingRunner"/> and <see cref="LpipsTrainingRunner"/> (what <c>train-classifier</c> and
/// <c>train-lpips</c> run): specs checked before any file is read, outputs that load back, reruns that resume.
/// </summary>
[Collection(GlobalRandomTests.Name)]
public sealed class TrainingRunnerTests : IDisposable
{
    private static readonly string Vgg16 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "vgg16_w8.pth");
    private readonly string root = Directory.CreateTempSubdirectory("pl-runners-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static ClassifierTrainingRun Classifier(string data, int epochs = 2) =>
        new(data, ArchitectureRegistry.SmallCnn, 1.0, 16, 0, new ClassifierTrainingOptions(epochs, AdversarialTrainingOptions.None, 0.05), BatchSize: 4, Seed: 3);

    /// <summary>A class folder: two classes of six 16×16 RGB images each.</summary>
    private string ClassFolder()
    {
        string folder = Path.Combine(root, "classes");
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        foreach (var (name, level) in new[] { ("dark", 0.2), ("light", 0.8) })
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            for (int i = 0; i < 6; i++)
            {
                ImageIO.Save((rand(new long[] { 3, 16, 16 }, generator: generator) * 0.2 + (level - 0.1)).clamp(0, 1), Path.Combine(folder, name, $"{i}.png"));
            }
        }

        return folder;
    }

    [Theory]
    [InlineData("Arch", "alexnet", 1.0, 4, 1)]
    [InlineData("Width", "small-cnn", 0.0, 4, 1)]
    [InlineData("BatchSize", "small-cnn", 1.0, 0, 1)]
    [InlineData("Epochs", "small-cnn", 1.0, 4, 0)]
    public void ClassifierRun_Validate_NamesTheProperty(string property, string arch, double width, int batch, int epochs)
    {
        var run = Classifier(Path.Combine(root, "nowhere")) with { Arch = arch, Width = width, BatchSize = batch, Training = new ClassifierTrainingOptions(epochs, AdversarialTrainingOptions.None, 0.05) };

        var error = Assert.ThrowsAny<ArgumentException>(run.Validate);
        Assert.Equal(property, error.ParamName);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
        // Checked before the (missing) data folder is looked at.
        Assert.ThrowsAny<ArgumentException>(() => ClassifierTrainingRunner.Train(run, Path.Combine(root, "out"), resume: false, CPU, SilentProgress.Instance));
        Assert.False(Directory.Exists(Path.Combine(root, "out")));
    }

    [Fact]
    public void ClassifierRunner_WritesWeightsThatLoadBack_IsDeterministic_AndAFinishedRunResumesWithoutTraining()
    {
        string data = ClassFolder(), first = Path.Combine(root, "first"), second = Path.Combine(root, "second");

        var result = ClassifierTrainingRunner.Train(Classifier(data), first, resume: false, CPU, SilentProgress.Instance);
        ClassifierTrainingRunner.Train(Classifier(data), second, resume: false, CPU, SilentProgress.Instance);

        Assert.Equal(6L, result["steps"]); // 12 images, batches of 4, two epochs
        Assert.Equal(2, result["num_classes"]);
        Assert.Equal(16, result["image_size"]);
        Assert.Equal("folder", result["data_format"]);
        Assert.False((bool)result["resumed"]!);
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, ClassifierTrainingRunner.WeightsName)), File.ReadAllBytes(Path.Combine(second, ClassifierTrainingRunner.WeightsName)));

        var (loaded, architecture) = ModelStore.Classifier(Path.Combine(first, ClassifierTrainingRunner.WeightsName));
        using (loaded.Model)
        {
            Assert.Equal(new ClassifierArchitecture(ArchitectureRegistry.SmallCnn, 3, 16, 2, 1.0), architecture);
        }

        var again = ClassifierTrainingRunner.Train(Classifier(data), first, resume: true, CPU, SilentProgress.Instance);
        Assert.True((bool)again["resumed"]!);
        Assert.Equal(6L, again["steps"]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(second, ClassifierTrainingRunner.WeightsName)), File.ReadAllBytes(Path.Combine(first, ClassifierTrainingRunner.WeightsName)));
    }

    [Fact]
    public void LpipsRun_Validate_NamesTheProperty_BeforeAnyFileIsRead()
    {
        var run = new LpipsTrainingRun(new[] { Path.Combine(root, "nowhere") }, Array.Empty<string>(), Vgg16, LpipsTrainingOptions.Reference, BatchSize: 0);

        var error = Assert.ThrowsAny<ArgumentException>(() => LpipsTrainingRunner.Train(run, Path.Combine(root, "out"), CPU, SilentProgress.Instance));

        Assert.Equal("BatchSize", error.ParamName);
        Assert.Equal("Data", Assert.ThrowsAny<ArgumentException>((run with { Data = Array.Empty<string>(), BatchSize = 1 }).Validate).ParamName);
        Assert.Equal("Epochs", Assert.ThrowsAny<ArgumentException>((run with { Training = LpipsTrainingOptions.Reference with { Epochs = 0 }, BatchSize = 1 }).Validate).ParamName);
        Assert.False(Directory.Exists(Path.Combine(root, "out")));
    }

    [Fact]
    public void LpipsRunner_WritesLinWeightsAndItsSummary_AndARerunResumesAfterTheLastEpoch()
    {
        string set = BappsFiles.WriteSet(Path.Combine(root, "2afc"), 6), output = Path.Combine(root, "lpips");
        var run = new LpipsTrainingRun(new[] { set }, new[] { set }, Vgg16, new LpipsTrainingOptions(Epochs: 1, DecayEpochs: 1, LearningRate: 1e-3), BatchSize: 3);

        var result = LpipsTrainingRunner.Train(run, output, CPU, SilentProgress.Instance);

        string lin = Path.Combine(output, LpipsTrainingRunner.WeightsName);
        Assert.Equal(Path.GetFullPath(lin), result["lin_weights"]);
        Assert.Equal(6, result["triplets"]);
        Assert.Equal(2, ((double[])result["epoch_losses"]!).Length);
        Assert.InRange((double)result["val_2afc"]!, 0, 1);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, LpipsTrainingRunner.ResultName))))
        {
            Assert.Equal(6, summary.RootElement.GetProperty("triplets").GetInt32());
            Assert.False(summary.RootElement.GetProperty("robust").GetBoolean());
        }

        using (var scored = LpipsFactory.Vgg16(Vgg16, lin, LpipsInputRange.ZeroToOne))
        {
            Assert.Equal(LpipsInputRange.ZeroToOne, scored.Options.InputRange);
        }

        string first = Path.Combine(root, "first-lin.pth");
        File.Copy(lin, first);
        var rerun = LpipsTrainingRunner.Train(run, output, CPU, SilentProgress.Instance);
        Assert.Empty((double[])rerun["epoch_losses"]!); // both epochs were finished: nothing trained again
        // The same tensors (the files' zip headers carry their write time, so the bytes may differ).
        using var before = StateDict.Read(first);
        using var after = StateDict.Read(lin);
        Assert.Equal(before.Tensors.Keys.Order(), after.Tensors.Keys.Order());
        Assert.All(before.Tensors, kv => Assert.True(kv.Value.equal(after.Tensors[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void LpipsRunner_AValidationFolderWithoutTriplets_IsRefusedBeforeTraining()
    {
        string set = BappsFiles.WriteSet(Path.Combine(root, "2afc"), 3), empty = Directory.CreateDirectory(Path.Combine(root, "empty")).FullName, output = Path.Combine(root, "lpips");
        foreach (string part in new[] { "ref", "p0", "p1", "judge" })
        {
            Directory.CreateDirectory(Path.Combine(empty, part));
        }

        var run = new LpipsTrainingRun(new[] { set }, new[] { empty }, Vgg16, new LpipsTrainingOptions(Epochs: 1, DecayEpochs: 0), BatchSize: 3);

        var error = Assert.Throws<ArgumentException>(() => LpipsTrainingRunner.Train(run, output, CPU, SilentProgress.Instance));
        Assert.Contains("holds no triplets", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output)); // nothing trained or written
    }
}
