using System;
using System.IO;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Study.Runs;
using Xunit;

namespace PerceptualLosses.Tests.Study;

/// <summary>
/// Output folders, <c>--config</c> files and checkpoints written before the study's enum settings were typed (the
/// fixtures of Fixtures/Study, written by 0e472d4's CLI) read as the same configuration and are written back byte for byte.
/// </summary>
public sealed class StudyConfigurationCompatibilityTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Study");
    private readonly string root = Directory.CreateTempSubdirectory("pl-config-compat-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(Fixtures, name));

    /// <summary>An output folder holding <paramref name="fixture"/> as its configuration.json, and a complete stage.</summary>
    private string OutputFolderWith(string fixture)
    {
        string folder = Path.Combine(root, Path.GetFileNameWithoutExtension(fixture));
        Directory.CreateDirectory(Path.Combine(folder, "models", "E-seed0"));
        File.Copy(Path.Combine(Fixtures, fixture), Path.Combine(folder, StageStore.ConfigurationFile));
        return folder;
    }

    [Fact]
    public void DemoConfiguration_WrittenBefore_ReadsTyped_AndIsWrittenBackByteForByte()
    {
        string folder = OutputFolderWith("demo-configuration.json");
        var read = StudyMerge.ReadConfiguration(folder);

        Assert.Equal(LayerReading.EnhanceNet, read.Layers);
        Assert.Equal(EnhanceNetSize.Tiny, read.Model);
        Assert.Equal(ScoringProtocol.EightBit, read.Protocol);
        Assert.Equal(Fixture("demo-configuration.json"), StageStore.Serialize(read));

        // The demo preset writes today what it wrote then (the committed docs/demo outputs come from it).
        Assert.Equal(Fixture("demo-configuration.json"), StageStore.Serialize(StudyPresets.Demo(Path.Combine("samples", "data"))));
    }

    [Fact]
    public void ConfigurationWithEveryOptionalPart_WrittenBefore_ReadsTyped_AndIsWrittenBackByteForByte()
    {
        var read = StudyMerge.ReadConfiguration(OutputFolderWith("full-configuration.json"));

        Assert.Equal(LayerReading.Literal, read.Layers);
        Assert.Equal(EnhanceNetSize.Paper, read.Model);
        Assert.Equal(ScoringProtocol.AsGiven, read.Protocol);
        Assert.NotNull(read.Lpips?.RobustLinWeights);
        Assert.NotNull(read.Classifiers);
        Assert.NotNull(read.Normalization);
        Assert.Equal(Fixture("full-configuration.json"), StageStore.Serialize(read));
        Assert.Equal(MetricOptions.SrPaperY(4) with { Precision = MetricPrecision.Exact }, read.ScoringOptions());
    }

    [Theory]
    [InlineData("demo-configuration.json")]
    [InlineData("full-configuration.json")]
    public void OutputFolderGuard_TakesAFolderWrittenBefore_ForTheSameConfiguration(string fixture)
    {
        string folder = OutputFolderWith(fixture);
        var configuration = StudyMerge.ReadConfiguration(folder);

        var store = new StageStore(folder, StageStore.Serialize(configuration), force: false);

        Assert.True(store.IsComplete("models/E-seed0")); // nothing deleted, nothing to redo
        Assert.Equal(Fixture(fixture), File.ReadAllText(Path.Combine(folder, StageStore.ConfigurationFile)));
    }

    [Fact]
    public void OutputFolderGuard_TakesTheDemoFolderWrittenBefore_ForTheDemoPresetToday()
    {
        string folder = OutputFolderWith("demo-configuration.json");
        var store = new StageStore(folder, StageStore.Serialize(StudyPresets.Demo(Path.Combine("samples", "data"))), force: false);
        Assert.True(store.IsComplete("models/E-seed0"));
    }

    [Fact]
    public void ConfigFile_WithTheKeysAndNamesOfBefore_GivesTheConfigurationWrittenBefore()
    {
        // full-configuration.json was written from the paper preset on the data root "data" with this --config file.
        string file = Path.Combine(root, "override.json");
        File.WriteAllText(file, """{ "Layers": "literal", "Protocol": "float" }""");

        var configuration = StudyConfigurationFile.Apply(StudyPresets.Paper("data"), file);

        Assert.Equal(Fixture("full-configuration.json"), StageStore.Serialize(configuration));
        File.WriteAllText(file, """{ "Model": "tiny", "Layers": "enhancenet", "Protocol": "uint8" }""");
        var back = StudyConfigurationFile.Apply(configuration, file);
        Assert.Equal((EnhanceNetSize.Tiny, LayerReading.EnhanceNet, ScoringProtocol.EightBit), (back.Model, back.Layers, back.Protocol));
    }

    [Theory]
    [InlineData("""{ "Layers": "EnhanceNet" }""", "Layers must be one of enhancenet, literal; got 'EnhanceNet'")]
    [InlineData("""{ "Model": "huge" }""", "Model must be one of paper, tiny; got 'huge'")]
    [InlineData("""{ "Protocol": 8 }""", "Protocol must be one of uint8, float; got Number")]
    [InlineData("""{ "Layers": "1" }""", "Layers must be one of enhancenet, literal; got '1'")]
    public void ConfigFile_WithAnotherEnumName_NamesTheKeyAndTheNamesItTakes(string json, string message)
    {
        string file = Path.Combine(root, "bad.json");
        File.WriteAllText(file, json);

        var error = Assert.Throws<ArgumentException>(() => StudyConfigurationFile.Apply(StudyPresets.Demo(root), file));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunFingerprint_OfACheckpointWrittenBefore_IsTheFingerprintOfTheSameSettingsToday()
    {
        var settings = new SuperResolutionRun(
            "samples/data/images/train", "samples/data/images/test", "EPT", "samples/data/weights/vgg19_w16.dat", false,
            LayerReading.Literal, 1, EnhanceNetSize.Tiny, 4, 64, 2, 0.001, 0, 1, 3);

        Assert.Equal(Fixture("train-sr-fingerprint.json"), SuperResolutionRunSpec.Parse(settings).Fingerprint);
        var read = System.Text.Json.JsonSerializer.Deserialize<SuperResolutionRun>(Fixture("train-sr-fingerprint.json"))!;
        Assert.Equal(settings with { Steps = 0 }, read);
    }

    [Fact]
    public void SettingNames_CoverEveryValue_AndRefuseOtherNames()
    {
        Assert.Equal(new[] { "enhancenet", "literal" }, SettingNames.Layers.Names);
        Assert.Equal(new[] { "paper", "tiny" }, SettingNames.Model.Names);
        Assert.Equal(new[] { "uint8", "float" }, SettingNames.Protocol.Names);
        Assert.Equal(EnhanceNetSize.Tiny, SettingNames.Model.Parse("tiny"));
        var error = Assert.Throws<ArgumentException>(() => SettingNames.Model.Parse("Tiny"));
        Assert.Equal("Model", error.ParamName);
        Assert.Contains("paper, tiny", error.Message, StringComparison.Ordinal);
        Assert.Equal(EnhanceNetOptions.Tiny, EnhanceNetOptions.For(EnhanceNetSize.Tiny));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnhanceNetOptions.For((EnhanceNetSize)7));
    }
}
