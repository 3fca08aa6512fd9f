using System;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;
using Xunit;

namespace PerceptualLosses.Tests.Study;

/// <summary>The typed run spec: parsed once, and the resume fingerprint of output folders that already exist.</summary>
public sealed class SuperResolutionRunSpecTests
{
    private static readonly SuperResolutionRun Settings = new(
        "train", "val", "EPT", "vgg19.pth", false, "enhancenet", 500, "tiny", 4, 32, 2, 1e-4, 5, 5, 1);

    [Fact]
    public void Fingerprint_IsTheJsonOfTheSettingsWithoutSteps_AsCheckpointsAlreadyOnDiskHoldIt()
    {
        // The fingerprint the trainer compares on resume (written into checkpoint/ of every train-sr and study output folder).
        const string onDisk = "{\"Train\":\"train\",\"Validation\":\"val\",\"Loss\":\"EPT\",\"VggWeights\":\"vgg19.pth\",\"Robust\":false,\"Layers\":\"enhancenet\",\"Steps\":0,\"Model\":\"tiny\",\"Scale\":4,\"Patch\":32,\"Batch\":2,\"LearningRate\":0.0001,\"ValidateEvery\":5,\"CheckpointEvery\":5,\"Seed\":1}";
        Assert.Equal(onDisk, SuperResolutionRunSpec.Parse(Settings).Fingerprint);
    }

    [Fact]
    public void Parse_BuildsTheLibraryOptions_WithTheLossParsedOnce()
    {
        var spec = SuperResolutionRunSpec.Parse(Settings);
        Assert.Equal(LossSpec.Parse("EPT"), spec.Loss);
        Assert.Equal(new LossNetworkSource("vgg19.pth", false), spec.LossNetwork);
        Assert.Equal(EnhanceNetOptions.Tiny, spec.Generator);
        Assert.Equal(32, spec.Batches.HighResolutionPatch);
        Assert.Equal(2, spec.Batches.BatchSize);
        Assert.Equal(500, spec.Training.Steps);
        Assert.Equal(1, spec.Training.Seed);

        // A loss the caller parsed already is taken as it is.
        var given = LossSpec.Parse("E + 0.5*P(pool2)");
        Assert.Same(given, SuperResolutionRunSpec.Parse(Settings, given).Loss);
    }

    [Fact]
    public void Parse_NamesTheMissingSetting_ForAPOrTTermWithoutVggWeights()
    {
        var error = Assert.Throws<ArgumentException>(() => SuperResolutionRunSpec.Parse(Settings with { VggWeights = null }));
        Assert.Equal(nameof(SuperResolutionRun.VggWeights), error.ParamName);
        Assert.Null(SuperResolutionRunSpec.Parse(Settings with { Loss = "E", VggWeights = null }).LossNetwork);
    }
}
