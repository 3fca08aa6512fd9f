using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study;

/// <summary>What a study plan reads (<see cref="StudyPlan.Inputs"/>) and its weights files inspected before anything runs.</summary>
public sealed class StudyPlanInputsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-plan-inputs-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Inputs_OfTheDemo_AreItsFoldersAndWeights_ByTheKeysThatNameThem()
    {
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot());

        var inputs = new StudyPlan(demo).Inputs;

        Assert.Equal(new StudyInput("TrainImages", demo.TrainImages, true), inputs[0]);
        Assert.Equal(new StudyInput("ValidationImages", demo.ValidationImages, true), inputs[1]);
        Assert.Contains(new StudyInput("VggWeights", demo.VggWeights!, false), inputs);
        Assert.Contains(new StudyInput("RobustVggWeights", demo.RobustVggWeights!, false), inputs);
        Assert.Contains(new StudyInput("Datasets", demo.Datasets[0].Folder, true), inputs);
        Assert.Contains(new StudyInput("Classifiers.Data", demo.Classifiers!.Data, true), inputs);
        Assert.Equal(demo.Classifiers.Models.Select(m => m.Weights), inputs.Where(i => i.Setting == "Classifiers.Models").Select(i => i.Path));
        Assert.DoesNotContain(inputs, i => i.Setting.StartsWith("Lpips.", StringComparison.Ordinal)); // the demo has no LPIPS
    }

    [Fact]
    public void Inputs_LeaveOutAVggOfNoPlannedRun()
    {
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot()) with { Losses = new[] { "E" }, Classifiers = null };

        var inputs = new StudyPlan(demo).Inputs;

        Assert.Equal(new[] { "TrainImages", "ValidationImages", "Datasets" }, inputs.Select(i => i.Setting));
    }

    [Fact]
    public void InspectWeights_ReadsEachFileOnce()
    {
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot());

        var (files, problems) = new StudyPlan(demo).InspectWeights();

        Assert.Empty(problems);
        // The loss networks are the classifiers' VGG-19 files: four files in all.
        Assert.Equal(demo.Classifiers!.Models.Select(m => m.Weights), files.Select(f => f.Path));
    }

    [Fact]
    public void InspectWeights_AFileThatCannotBeRead_IsAProblemOfItsKey()
    {
        string corrupt = Path.Combine(root, "corrupt.pth");
        File.WriteAllText(corrupt, "not a weights file");
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot()) with { VggWeights = corrupt, Classifiers = null };

        var (files, problems) = new StudyPlan(demo).InspectWeights();

        var problem = Assert.Single(problems);
        Assert.Equal("VggWeights", problem.Setting);
        Assert.StartsWith($"VggWeights: weights file '{corrupt}' cannot be read: ", problem.Text, StringComparison.Ordinal);
        Assert.Single(files); // the robust VGG-19
    }

    [Fact]
    public void Stages_SayWhichShardOwnsThem_AndWhetherTheyAreComplete()
    {
        var plan = new StudyPlan(StudyPresets.Demo(StudyPipelineTests.DataRoot()));
        var owned = plan.Stages.First(s => s.Unit == 4);

        Assert.Equal(new Shard(2, 3), owned.OwnerAmong(3));
        Assert.Equal(Shard.All, owned.OwnerAmong(1));
        Assert.Null(plan.Stages[^1].OwnerAmong(3)); // the report, after every shard
        Assert.Throws<ArgumentOutOfRangeException>(() => owned.OwnerAmong(0));

        Assert.False(StageStore.IsComplete(root, owned.Name));
        Directory.CreateDirectory(Path.Combine(root, owned.Name));
        Assert.True(StageStore.IsComplete(root, owned.Name));
    }
}
