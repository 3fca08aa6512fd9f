using PerceptualLosses.Common;
using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study;

public sealed class StudyPlanTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-plan-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void PaperPreset_PlansEveryStageOfThePaper()
    {
        var plan = new StudyPlan(StudyPresets.Paper(root));

        // E × 3 seeds + 5 P/T losses × {normal, robust} × 3 seeds.
        Assert.Equal(3 + 5 * 2 * 3, plan.Runs.Count);
        Assert.Equal(4, plan.Stages.Count(s => s.Kind == "classifier"));
        Assert.Equal(new[] { StudyPlan.NormalizationStage(false), StudyPlan.NormalizationStage(true) }, plan.Stages.Where(s => s.Kind == "normalize").Select(s => s.Name));
        Assert.Equal(plan.Runs.Count, plan.Stages.Count(s => s.Kind == "train"));
        Assert.Equal(plan.Runs.Count + 1, plan.Stages.Count(s => s.Kind == "evaluate")); // + bicubic
        Assert.Equal(plan.Runs.Count, plan.Stages.Count(s => s.Kind == "judge"));
        Assert.Equal(StudyPlan.ReportStage, plan.Stages[^1].Name);
        Assert.Contains(plan.Runs, r => r.Id == "PT-robust-seed2" && r.Robust == true && r.ModelName == "PT (robust)");
        Assert.Equal(plan.Stages.Count, plan.Stages.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void Validate_NamesEveryMissingPath_WithTheStageAndTheConfigurationKeyThatGivesIt()
    {
        var problems = new StudyPlan(StudyPresets.Paper(Path.Combine(root, "nowhere"))).Validate();

        Assert.Contains(problems, p => p.Setting == "TrainImages" && p.Text.StartsWith("TrainImages: stage 2 (training)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Setting == "VggWeights");
        Assert.Contains(problems, p => p.Setting == "RobustVggWeights");
        foreach (string set in StudyPresets.PaperDatasets)
        {
            Assert.Contains(problems, p => p.Setting == "Datasets" && p.Text.Contains($"evaluation on {set}", StringComparison.Ordinal));
        }

        Assert.Contains(problems, p => p.Setting == "Lpips.LinWeights");
        Assert.Contains(problems, p => p.Setting == "Classifiers.Data" && p.Text.Contains("class subfolders", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Setting == "Classifiers.Models" && p.Text.Contains("Table 1 row ResNet-50 robust", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Text.Contains("--", StringComparison.Ordinal)); // the library names no CLI flag
    }

    [Theory]
    [InlineData("Steps", "Steps must be >= 1")]
    [InlineData("LearningRate", "LearningRate must be a finite number > 0")]
    [InlineData("Patch", "Patch 30 must be a positive multiple of the scale 4")]
    [InlineData("Batch", "Batch must be >= 1")]
    [InlineData("Scale", "Scale must be a power of two")]
    [InlineData("CheckpointEvery", "CheckpointEvery must be >= 1")]
    public void Validate_ChecksTheTrainingSettingsByTheirOptions_NamingTheConfigurationKey(string key, string message)
    {
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot());
        var bad = key switch
        {
            "Steps" => demo with { Steps = 0 },
            "LearningRate" => demo with { LearningRate = 0 },
            "Patch" => demo with { Patch = 30 },
            "Batch" => demo with { Batch = 0 },
            "Scale" => demo with { Scale = 3, Patch = 63 },
            _ => demo with { CheckpointEvery = 0 },
        };

        var problem = Assert.Single(new StudyPlan(bad).Validate());
        Assert.Equal(key, problem.Setting);
        Assert.StartsWith(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(problem.Message, problem.Text); // the message names the key already
    }

    [Fact]
    public void Problems_AreRenamedByAFrontEnd_OnlyForTheWholeKey()
    {
        var problem = new StudyProblem("VggWeights", "stage 2 needs the VGG-19 (see also RobustVggWeights).");
        Assert.Equal("--vgg-weights: stage 2 needs the VGG-19 (see also RobustVggWeights).", problem.Describe(k => k == "VggWeights" ? "--vgg-weights" : null));
        Assert.Equal("VggWeights: stage 2 needs the VGG-19 (see also RobustVggWeights).", problem.Describe(_ => null));
    }

    [Fact]
    public void Validate_PassesForTheEmbeddedDemo()
    {
        Assert.Empty(new StudyPlan(StudyPresets.Demo(StudyPipelineTests.DataRoot())).Validate());
    }

    [Fact]
    public void Validate_ReportsMalformedLossSpecs()
    {
        var configuration = StudyPresets.Demo(StudyPipelineTests.DataRoot()) with { Losses = new[] { "E", "E + 0.2*P(pool9)", "E + *P(pool2)" } };
        var plan = new StudyPlan(configuration);
        var problems = plan.Validate();
        Assert.Contains(problems, p => p.Setting == "Losses" && p.Text.Contains("pool9", StringComparison.Ordinal) && p.Text.Contains("relu5_4", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Text.Contains("'E + *P(pool2)' is not a loss spec", StringComparison.Ordinal));
        Assert.Single(plan.Runs); // only E is planned
    }

    [Fact]
    public void Shards_SplitTheStagesWithoutOverlap_AndTrainAndEvaluateARunTogether()
    {
        var plan = new StudyPlan(StudyPresets.Paper(root));
        var shards = new[] { Shard.Parse("1/3"), Shard.Parse("2/3"), Shard.Parse("3/3") };
        foreach (var stage in plan.Stages.Where(s => s.Kind is not ("report" or "normalize")))
        {
            Assert.Single(shards, s => stage.IsRunBy(s));
        }

        // Every shard needs the normalised loss networks, so each makes them when missing; none runs the report itself.
        Assert.All(plan.Stages.Where(s => s.Kind == "normalize"), stage => Assert.All(shards, s => Assert.True(stage.IsRunBy(s))));
        Assert.All(shards, s => Assert.False(plan.Stages[^1].IsRunBy(s)));

        foreach (var run in plan.Runs)
        {
            var owners = plan.Stages.Where(s => s.Name == StudyPlan.TrainingStage(run) || s.Name == StudyPlan.EvaluationStage(run) || s.Name == StudyPlan.JudgeStage(run))
                .Select(s => shards.Single(sh => sh.Owns(s.Unit))).Distinct().ToArray();
            Assert.Single(owners);
        }
    }

    [Fact]
    public void Overrides_ReplaceThePresetsValues()
    {
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot());
        var changed = new StudyOverrides
        {
            Losses = "E, EP",
            Seeds = "0,1,2",
            Steps = 40,
            Datasets = "Set5=/data/Set5,/data/Urban100/",
            ClassifierWeights = "resnet50-robust=/w/r.pt",
            VggWeights = "/w/vgg19.pth",
        }.ApplyTo(demo);

        Assert.Equal(new[] { "E", "EP" }, changed.Losses);
        Assert.Equal(new[] { 0, 1, 2 }, changed.Seeds);
        Assert.Equal((40, 10, 40), (changed.Steps, changed.CheckpointEvery, changed.ValidateEvery)); // demo: intervals follow the steps
        Assert.Equal(new[] { new StudyDataset("Set5", "/data/Set5"), new StudyDataset("Urban100", "/data/Urban100/") }, changed.Datasets);
        Assert.Equal("/w/r.pt", changed.Classifiers!.Models.Single(m => m.Architecture == "resnet50" && m.Robust).Weights);
        Assert.Equal("/w/vgg19.pth", changed.Classifiers.Models.Single(m => m.Architecture == "vgg19" && !m.Robust).Weights); // Table 1's VGG-19 is the loss network
        Assert.Equal(demo.Classifiers!.Models.Single(m => m.Architecture == "vgg19" && m.Robust).Weights, changed.Classifiers.Models.Single(m => m.Architecture == "vgg19" && m.Robust).Weights);
    }

    [Theory]
    [InlineData("alexnet=/w/a.pth", "no classifier 'alexnet'")]
    [InlineData("resnet50", "not arch=FILE")]
    public void Overrides_RejectClassifierWeightsThatNameNothing(string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new StudyOverrides { ClassifierWeights = value }.ApplyTo(StudyPresets.Demo(StudyPipelineTests.DataRoot())));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("ClassifierWeights: ", error.Message, StringComparison.Ordinal);
        Assert.Equal("ClassifierWeights", error.ParamName);
    }

    [Fact]
    public void Overrides_NameTheProperty_NotAFlag()
    {
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot());
        var seeds = Assert.Throws<ArgumentException>(() => new StudyOverrides { Seeds = "0,x" }.ApplyTo(demo));
        Assert.StartsWith("Seeds: 'x' is not an integer.", seeds.Message, StringComparison.Ordinal);
        Assert.Equal("Seeds", seeds.ParamName);

        var lpips = Assert.Throws<ArgumentException>(() => new StudyOverrides { LpipsWeights = "lin.pth" }.ApplyTo(demo));
        Assert.StartsWith("LpipsWeights/RobustLpipsWeights need Vgg16Weights", lpips.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Vgg16Weights", "LpipsWeights", "RobustLpipsWeights" }, NamedSettings.Named(lpips));
        Assert.DoesNotContain("--", lpips.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigFile_OverridesNestedKeys_AndKeepsTheRest()
    {
        string file = Path.Combine(root, "config.json");
        File.WriteAllText(file, """{ "Steps": 1234, "Seeds": [5], "Classifiers": { "Limit": 7 } }""");
        var demo = StudyPresets.Demo(StudyPipelineTests.DataRoot());

        var changed = StudyConfigurationFile.Apply(demo, file);

        Assert.Equal(1234, changed.Steps);
        Assert.Equal(new[] { 5 }, changed.Seeds);
        Assert.Equal(7, changed.Classifiers!.Limit);
        Assert.Equal(demo.Classifiers!.Models.Count, changed.Classifiers.Models.Count);
        Assert.Equal(demo.TrainImages, changed.TrainImages);
    }

    [Theory]
    [InlineData("""{ "Stpes": 3 }""", "unknown key 'Stpes'")]
    [InlineData("""{ "Classifiers": { "Limt": 3 } }""", "unknown key 'Classifiers.Limt'")]
    [InlineData("""{ "Steps": "many" }""", "wrong type")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{ "Steps": """, "not valid JSON")]
    public void ConfigFile_RejectsUnknownKeysAndWrongTypes(string json, string message)
    {
        string file = Path.Combine(root, "bad.json");
        File.WriteAllText(file, json);
        var error = Assert.Throws<ArgumentException>(() => StudyConfigurationFile.Apply(StudyPresets.Demo(root), file));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_RoundTripsThroughItsStoredJson()
    {
        var paper = StudyPresets.Paper(root);
        string json = StageStore.Serialize(paper);
        string folder = Path.Combine(root, "out");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, StageStore.ConfigurationFile), json);
        Assert.Equal(json, StageStore.Serialize(StudyMerge.ReadConfiguration(folder)));
    }
}
