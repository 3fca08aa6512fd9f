using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Common;
using PerceptualLosses.Study.Cluster;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// <c>perceptual study</c> (and <c>perceptual demo</c>, the same with the demo preset): the paper's pipeline — Table 1
/// classifiers, EnhanceNet trainings, evaluation, tables and figures — on a preset, a JSON config and command-line
/// overrides; resumable, shardable, with a dry run that prints and checks the plan.
/// </summary>
internal static class StudyCommand
{
    private static readonly JsonSerializerOptions PlanJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(string verb, string description)
    {
        var preset = new Option<string>("--preset") { Description = "demo (embedded data, CPU, minutes) | paper (your data and weights, GPU).", DefaultValueFactory = _ => "demo" };
        preset.AcceptOnlyFromAmong(StudyPresets.Names.ToArray());
        var config = new Option<string?>("--config") { Description = "JSON file overriding any StudyConfiguration key of the preset (see --dry-run --json for the full form)." }.MustBeFile("a JSON configuration file");
        var dataRoot = new Option<string?>("--data-root", "--data") { Description = "Folder the preset's default paths are under (demo: samples/data; paper: coco/, sr/, imagenet/, weights/); --data is the demo's earlier name for it." };
        var output = new Option<string?>("--out") { Description = "Output folder (default out/<preset>)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (stages, steps, outputs), check every path, run nothing." };
        var shard = new Option<string>("--shard") { Description = "i/n, or auto (from a Slurm job array or a Kubernetes indexed Job; see --shards): run only this process's part of the stages (combine with `perceptual merge`).", DefaultValueFactory = _ => "1/1" };
        var force = new Option<bool>("--force") { Description = "Delete results of a different configuration in --out instead of refusing (with --emit: write into a non-empty DIR)." };
        var train = new Option<string?>("--train") { Description = "Training images (MS-COCO train2017)." };
        var val = new Option<string?>("--val") { Description = "Validation HR images used during training." };
        var datasets = new Option<string?>("--datasets") { Description = "SR benchmark sets: Name=DIR,Name=DIR (or plain folders)." };
        var losses = new Option<string?>("--losses") { Description = "Comma-separated loss presets or specs (E,EP,EPT,ET,P,PT)." };
        var seeds = new Option<string?>("--seeds") { Description = "Comma-separated training seeds (paper: 0,1,2)." };
        var steps = new Option<int?>("--steps") { Description = "Training steps per EnhanceNet." }.AtLeast(1);
        var model = new Option<string?>("--model") { Description = "EnhanceNet size: paper | tiny." };
        model.AcceptOnlyFromAmong(SettingNames.Model.Names.ToArray());
        var patch = new Option<int?>("--patch") { Description = "HR crop side." }.AtLeast(1);
        var batch = new Option<int?>("--batch-size", "--batch") { Description = "Batch size (--batch: its earlier name)." }.AtLeast(1);
        var lr = new Option<double?>("--lr") { Description = "Adam learning rate." }.Positive();
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Steps between checkpoints." }.AtLeast(1);
        var validateEvery = new Option<int?>("--validate-every") { Description = "Steps between validations." }.AtLeast(0);
        var layers = new Option<string?>("--layers") { Description = "enhancenet | literal layer reading of the loss names." };
        layers.AcceptOnlyFromAmong(SettingNames.Layers.Names.ToArray());
        var vgg = new Option<string?>("--vgg-weights") { Description = "Normal VGG-19 (torchvision .pth) for P/T and Table 1." };
        var robustVgg = new Option<string?>("--robust-vgg-weights") { Description = "Robust VGG-19 for P/T and Table 1." };
        var robustFormat = new Option<string?>("--robust-vgg-format") { Description = "robustness (MadryLab checkpoint) | state-dict." };
        robustFormat.AcceptOnlyFromAmong(SettingNames.RobustVggFormat.Names.ToArray());
        var vgg16 = new Option<string?>("--vgg16-weights") { Description = "torchvision VGG-16 (LPIPS trunk)." };
        var lpips = new Option<string?>("--lpips-weights") { Description = "LPIPS v0.1 lin weights (weights/v0.1/vgg.pth)." };
        var rlpips = new Option<string?>("--rlpips-weights") { Description = "R-LPIPS lin weights." };
        var noLpips = new Option<bool>("--no-lpips") { Description = "Leave the LPIPS and R-LPIPS columns out." };
        var classifierData = new Option<string?>("--classifier-data") { Description = "Labelled images for Table 1 / Figure 1: IDX folder or ImageNet-style class folder." };
        var classifierLimit = new Option<int?>("--classifier-limit") { Description = "Use N labelled images, spread over the classes (0 = all)." }.AtLeast(0);
        var classifierWeights = new Option<string?>("--classifier-weights") { Description = "arch=FILE,arch-robust=FILE (e.g. resnet50=r.pth,resnet50-robust=rr.pt)." };
        var noClassifiers = new Option<bool>("--no-classifiers") { Description = "Skip Table 1 and Figure 1." };
        var normalizationImages = new Option<string?>("--normalization-images") { Description = "Images for the Gatys normalisation of the VGG-19 loss networks (paper preset: 1000 MS-COCO images)." };
        var noNormalization = new Option<bool>("--no-normalization") { Description = "Use the VGG-19 files as they are, without Gatys normalisation." };
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command(verb, description)
        {
            preset, config, dataRoot, output, dryRun, shard, force, train, val, datasets, losses, seeds, steps, model, patch, batch, lr,
            checkpointEvery, validateEvery, layers, vgg, robustVgg, robustFormat, vgg16, lpips, rlpips, noLpips, classifierData, classifierLimit,
            classifierWeights, noClassifiers, normalizationImages, noNormalization, device, threads, json,
        };
        var cluster = new ClusterOptions();
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            {
                string presetName = parse.GetValue(preset)!;
                var configuration = StudyPresets.Named(presetName, parse.GetValue(dataRoot) ?? (presetName == "demo" ? DefaultDataFolder() : "data"));
                if (parse.GetValue(config) is string file)
                {
                    configuration = UserErrors.Read("Config", file, path => StudyConfigurationFile.Apply(configuration, path));
                }

                configuration = new StudyOverrides
                {
                    TrainImages = parse.GetValue(train),
                    ValidationImages = parse.GetValue(val),
                    Datasets = parse.GetValue(datasets),
                    Losses = parse.GetValue(losses),
                    Seeds = parse.GetValue(seeds),
                    Steps = parse.GetValue(steps),
                    Model = parse.GetValue(model) is string size ? SettingNames.Model.Parse(size) : null,
                    Patch = parse.GetValue(patch),
                    Batch = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    CheckpointEvery = parse.GetValue(checkpointEvery),
                    ValidateEvery = parse.GetValue(validateEvery),
                    Layers = parse.GetValue(layers) is string reading ? SettingNames.Layers.Parse(reading) : null,
                    VggWeights = parse.GetValue(vgg),
                    RobustVggWeights = parse.GetValue(robustVgg),
                    RobustVggIsRobustnessCheckpoint = parse.GetValue(robustFormat) is string format ? SettingNames.RobustVggFormat.Parse(format) == VggWeightsFormat.Robustness : null,
                    Vgg16Weights = parse.GetValue(vgg16),
                    LpipsWeights = parse.GetValue(lpips),
                    RobustLpipsWeights = parse.GetValue(rlpips),
                    NoLpips = parse.GetValue(noLpips),
                    ClassifierData = parse.GetValue(classifierData),
                    ClassifierLimit = parse.GetValue(classifierLimit),
                    ClassifierWeights = parse.GetValue(classifierWeights),
                    NoClassifiers = parse.GetValue(noClassifiers),
                    NormalizationImages = parse.GetValue(normalizationImages),
                    NoNormalization = parse.GetValue(noNormalization),
                }.ApplyTo(configuration);
                string outDir = parse.GetValue(output) ?? Path.Combine("out", presetName);
                if (cluster.Emits(parse))
                {
                    return parse.GetResult(shard) is { Implicit: false } || parse.GetValue(dryRun)
                        ? throw new ArgumentException("--emit writes the jobs of every shard and runs nothing: leave out --shard and --dry-run.")
                        : cluster.Emit(parse, configuration, outDir, parse.GetValue(force), parse.GetValue(device)!, parse.GetValue(threads), parse.GetValue(json), verb);
                }

                var part = cluster.ResolveShard(parse, parse.GetValue(shard)!, new StudyPlan(configuration));
                return parse.GetValue(dryRun)
                    ? DryRun(configuration, outDir, part, parse.GetValue(json))
                    : Run(configuration, outDir, part, parse.GetValue(force), parse.GetValue(device)!, parse.GetValue(threads), parse.GetValue(json), verb);
            }
        });
        return command;
    }

    private static int DryRun(StudyConfiguration configuration, string outDir, ShardAssignment assignment, bool json)
    {
        var shard = assignment.Shard;
        var plan = new StudyPlan(configuration);
        var (weights, unreadable) = plan.InspectWeights();
        var problems = plan.Validate().Concat(unreadable).Select(p => p.Describe(OptionNames.For)).ToList();
        bool Complete(string stage) => StageStore.IsComplete(outDir, stage);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["output"] = Path.GetFullPath(outDir),
                ["shard"] = shard.ToString(),
                ["shard_source"] = assignment.Describe(),
                ["stages"] = plan.Stages.Select(s => new Dictionary<string, object?>
                {
                    ["name"] = s.Name,
                    ["kind"] = s.Kind,
                    ["shard"] = s.OwnerAmong(shard.Count)?.ToString(),
                    ["complete"] = Complete(s.Name),
                    ["description"] = s.Description,
                    ["outputs"] = s.Outputs,
                }).ToArray(),
                ["inputs"] = plan.Inputs.Select(i => new Dictionary<string, object?>
                {
                    ["setting"] = i.Setting,
                    ["option"] = OptionNames.For(i.Setting),
                    ["path"] = i.Path,
                    ["folder"] = i.IsFolder,
                }).ToArray(),
                ["weights"] = weights.Select(WeightsCommand.ToJson).ToArray(),
                ["problems"] = problems,
                ["configuration"] = configuration,
            }, PlanJson));
        }
        else
        {
            Console.Out.WriteLine($"Output folder: {Path.GetFullPath(outDir)}");
            Console.Out.WriteLine($"Shard: {assignment.Describe()}");
            Console.Out.Write(plan.Describe(Complete, shard));
            Console.Out.WriteLine();
            Console.Out.WriteLine("Reads:");
            foreach (var input in plan.Inputs)
            {
                Console.Out.WriteLine($"  {OptionNames.For(input.Setting) ?? input.Setting,-22} {input.Path}");
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine("Configuration (save as a file and pass with --config to change any value):");
            Console.Out.WriteLine(StageStore.Serialize(configuration));
            Console.Out.WriteLine();
            if (weights.Count > 0)
            {
                Console.Out.WriteLine("Weights files:");
                foreach (var info in weights)
                {
                    Console.Out.WriteLine($"  {info.Summary()}");
                }

                Console.Out.WriteLine();
            }

            Console.Out.WriteLine(problems.Count == 0 ? "All paths check out." : $"{problems.Count} problem(s):");
            foreach (string problem in problems)
            {
                Console.Out.WriteLine($"  - {problem}");
            }
        }

        return problems.Count == 0 ? 0 : 2;
    }

    private static int Run(StudyConfiguration configuration, string outDir, ShardAssignment assignment, bool force, string device, int threads, bool json, string verb)
    {
        var shard = assignment.Shard;
        Reproducibility.SetThreads(threads);
        var clock = Stopwatch.StartNew();
        var pipeline = new StudyPipeline(configuration, outDir, force, DeviceSelector.Parse(device), shard, SpectreProgress.Instance, waiting: Console.Error.WriteLine);
        var (ran, missing) = pipeline.Run();
        // One plain line for cluster logs, where several shards share the stages: which ones this process ran.
        Console.Error.WriteLine($"perceptual {verb}: stages run by this process: {(ran.Count == 0 ? "none" : string.Join(", ", ran))}");
        string report = Path.Combine(outDir, StudyPlan.ReportStage);
        bool classifiers = configuration.Classifiers is not null;
        bool done = missing.Count == 0;
        Output.Write(new Dictionary<string, object?>
        {
            ["output"] = Path.GetFullPath(outDir),
            ["shard"] = shard.ToString(),
            ["shard_source"] = assignment.Describe(),
            ["stages_run"] = ran,
            ["stages_missing"] = missing,
            ["models"] = pipeline.Plan.Runs.Select(r => r.Id).ToArray(),
            ["table2"] = done ? Path.Combine(report, "table2.md") : null,
            ["figure2"] = done ? Path.Combine(report, "figure2.png") : null,
            ["table1"] = done && classifiers ? Path.Combine(report, "table1.md") : null,
            ["figure1"] = done && classifiers ? Path.Combine(report, "figure1.png") : null,
            ["report"] = done ? Path.Combine(report, "report.md") : null,
            ["next"] = done ? null : "other shards still have stages to run; then `perceptual merge --out DIR --from DIR...` writes the report",
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
        }, json, $"perceptual {verb}");
        return 0;
    }

    /// <summary>samples/data of the repository: found from the working folder or the executable's folder upwards.</summary>
    private static string DefaultDataFolder()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "data");
                if (Directory.Exists(Path.Combine(candidate, "images")))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine("samples", "data");
    }
}
