using PerceptualLosses.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PerceptualLosses.Attacks;
using PerceptualLosses.Data;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Classifiers;
using PerceptualLosses.Study.Reporting;
using PerceptualLosses.Study.Runs;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// Runs a study's plan: stage 1 classifiers (Table 1), stage 2 EnhanceNet trainings, stage 3 evaluation of each model on
/// every SR set (and the Figure 1 classification), stage 4 tables and figures. A stage that is complete is skipped; an
/// interrupted one starts again from its working folder (training from its last checkpoint), so a rerun completes the
/// study with the results an uninterrupted run gives. With a <see cref="Shard"/>, only the stages it owns run; the
/// report is written once every stage is complete (see <see cref="StudyMerge"/>). Only wiring: the algorithms come from
/// the libraries.
/// </summary>
public sealed class StudyPipeline
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly StageStore store;
    private readonly Device device;
    private readonly Shard shard;
    private readonly IStudyProgress progress;

    /// <summary>Opens the output folder for <paramref name="configuration"/> (refusing another configuration's results unless <paramref name="force"/>).</summary>
    /// <exception cref="ArgumentException">The configuration has problems (all are listed).</exception>
    /// <exception cref="InvalidOperationException">The folder holds another configuration's results.</exception>
    /// <remarks>Both exceptions name the settings to change by their keys (<see cref="NamedSettings"/>): the configuration's, <c>Output</c> and <c>Force</c>.</remarks>
    /// <param name="configuration">The study.</param>
    /// <param name="output">Output folder.</param>
    /// <param name="force">Delete another configuration's results instead of refusing.</param>
    /// <param name="device">Where models run.</param>
    /// <param name="shard">Which stages this process runs.</param>
    /// <param name="progress">Progress display.</param>
    /// <param name="validate">Check every path first (off only to write the report of merged results elsewhere).</param>
    /// <param name="waiting">Told when a stage is running in another process sharing the folder and this one waits for it.</param>
    public StudyPipeline(StudyConfiguration configuration, string output, bool force, Device device, Shard shard, IStudyProgress progress, bool validate = true, Action<string>? waiting = null)
    {
        Plan = new StudyPlan(configuration);
        ArgumentNullException.ThrowIfNull(shard);
        Plan.CheckShardCount(shard.Count);
        var problems = validate ? Plan.Validate() : Array.Empty<StudyProblem>();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The study cannot start; {problems.Count} problem(s):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems.Select(p => p.Text))}")
                .Naming(problems.Select(p => p.Setting));
        }

        this.device = device ?? throw new ArgumentNullException(nameof(device));
        this.shard = shard ?? throw new ArgumentNullException(nameof(shard));
        this.progress = progress ?? throw new ArgumentNullException(nameof(progress));
        store = new StageStore(output, StageStore.Serialize(configuration), force, waiting);
    }

    /// <summary>The plan being run.</summary>
    public StudyPlan Plan { get; }

    private StudyConfiguration Configuration => Plan.Configuration;

    /// <summary>Runs the stages this shard owns, then the report if every stage is complete.</summary>
    /// <returns>The stages that ran, and those still missing before the report can be written (empty when it was).</returns>
    public (IReadOnlyList<string> Ran, IReadOnlyList<string> Missing) Run()
    {
        var ran = new List<string>();
        foreach (var stage in Plan.Stages.Where(s => s.IsRunBy(shard)))
        {
            if (store.Run(stage.Name, folder => RunStage(stage, folder)))
            {
                ran.Add(stage.Name);
            }
        }

        var missing = MissingStages();
        if (missing.Length == 0 && store.Run(StudyPlan.ReportStage, Report))
        {
            ran.Add(StudyPlan.ReportStage);
        }

        return (ran, missing);
    }

    /// <summary>Writes the report (stage 4) when every other stage is complete; used after merging shards.</summary>
    /// <returns>The stages still missing (nothing was written) or an empty list.</returns>
    public IReadOnlyList<string> ReportIfComplete()
    {
        var missing = MissingStages();
        if (missing.Length == 0)
        {
            store.Run(StudyPlan.ReportStage, Report);
        }

        return missing;
    }

    private string[] MissingStages() => Plan.Stages.Where(s => s.Kind != "report" && !store.IsComplete(s.Name)).Select(s => s.Name).ToArray();

    private void RunStage(PlannedStage stage, string folder)
    {
        switch (stage.Kind)
        {
            case "normalize":
                Normalize(stage.Name == StudyPlan.NormalizationStage(robust: true), folder);
                break;
            case "classifier":
                Classify(stage.Unit, folder);
                break;
            case "train":
                Train(Plan.Runs[stage.Unit - 1], folder);
                break;
            case "evaluate":
                Evaluate(stage.Unit == 0 ? null : Plan.Runs[stage.Unit - 1], folder);
                break;
            case "judge":
                Judge(Plan.Runs[stage.Unit - 1], folder);
                break;
            default:
                throw new InvalidOperationException($"Unknown stage kind '{stage.Kind}'.");
        }
    }

    private SuperResolutionRunSpec RunSettings(StudyRun run)
    {
        var c = Configuration;
        string? vgg = run.Robust == true ? c.RobustVggWeights : c.VggWeights;
        bool robustness = run.Robust == true && c.RobustVggIsRobustnessCheckpoint;
        if (c.Normalization is not null && run.Robust is bool robust)
        {
            string stage = StudyPlan.NormalizationStage(robust);
            if (!store.IsComplete(stage))
            {
                throw new InvalidOperationException($"{StudyPlan.TrainingStage(run)} needs the normalised loss network of {stage}, which is not complete.");
            }

            vgg = Path.Combine(store.StageDirectory(stage), StudyPlan.NormalizedWeightsName);
            robustness = false; // written as a plain torchvision-layout state dict
        }

        return SuperResolutionRunSpec.Parse(c.Run(run.Loss, run.Robust is null ? null : vgg, robustness, run.Seed), Plan.LossSpecs[run.Loss]);
    }

    /// <summary>Gatys normalisation of one loss network over the configured images, saved as a torchvision-layout state dict.</summary>
    private void Normalize(bool robust, string folder)
    {
        var c = Configuration;
        var setup = c.Normalization!;
        string weights = robust ? c.RobustVggWeights! : c.VggWeights!;
        var files = ImageFolder.Take(setup.Images, setup.MaxImages);
        using var vgg = ModelStore.VggFeatures(weights, robust && c.RobustVggIsRobustnessCheckpoint, device).Model;
        VggNormalizationReport? report = null;
        progress.Run($"normalise {(robust ? "robust " : "")}VGG-19", files.Count, tick =>
            report = VggNormalization.Normalize(vgg, ImageFolder.LoadEachRgb(files, device, (done, file) => tick(done, file))));
        ModelWeights.Save(vgg, Path.Combine(folder, StudyPlan.NormalizedWeightsName));
        File.WriteAllText(Path.Combine(folder, "normalization.json"), JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["source"] = weights,
            ["images"] = report!.Images,
            ["dead_channels"] = report.DeadChannels,
        }, Indented));
    }

    private void Train(StudyRun run, string folder)
    {
        var result = SuperResolutionRunner.Train(RunSettings(run), folder, resume: true, device, progress, $"train {run.Id}");
        // Steps, last loss and throughput of the run, for reports on how fast a device trains (tools/gpu/run.sh).
        File.WriteAllText(Path.Combine(folder, "training.json"), JsonSerializer.Serialize(result, Indented));
    }

    private string GeneratorWeights(StudyRun run) => Path.Combine(store.StageDirectory(StudyPlan.TrainingStage(run)), SuperResolutionRunner.WeightsName);

    private void Evaluate(StudyRun? run, string folder)
    {
        var c = Configuration;
        if (run is not null && !store.IsComplete(StudyPlan.TrainingStage(run)))
        {
            throw new InvalidOperationException($"{StudyPlan.EvaluationStage(run)} needs the trained model of {StudyPlan.TrainingStage(run)}, which is not complete.");
        }

        // Reconstructions are judged as saved images (8-bit, Y as compute_difference.m gets it) unless configured otherwise,
        // in float64 as the MATLAB references: Fast's float32 (within 3.3e-6) already flips the fourth decimal of Table 2 cells.
        var options = c.ScoringOptions();
        using var generator = run is null ? null : ModelStore.EnhanceNet(GeneratorWeights(run), device).Model;
        // One suite: each pair is prepared once; LPIPS and R-LPIPS (VGG-16 trunk) see the RGB pair after the same crop,
        // rounding and shave.
        using var suite = new MetricSelection { LpipsWeights = c.Lpips?.LinWeights, Vgg16Weights = c.Lpips?.Vgg16Weights, RobustLpipsWeights = c.Lpips?.RobustLinWeights }
            .CreateSuite(options, device);
        var header = new[] { "loss", "robust", "seed", "dataset", "image" }.Concat(suite.Metrics.Select(m => m.Name));
        var rows = new StringBuilder(string.Join(",", header)).Append('\n');
        var sets = c.Datasets.Select(d => (d.Name, Pairs: Pairs(d))).ToArray();
        int total = sets.Sum(s => s.Pairs.Count), done = 0;
        string name = run is null ? "bicubic" : $"{run.ModelName} seed {run.Seed}";
        progress.Run($"evaluate {name}", total, report =>
        {
            using var noGrad = no_grad();
            foreach (var (set, pairs) in sets)
            {
                string images = Path.Combine(folder, "images", set);
                Directory.CreateDirectory(images);
                for (int i = 0; i < pairs.Count; i++)
                {
                    using var scope = NewDisposeScope();
                    var (lr, hr) = pairs.Load(i);
                    var input = lr.unsqueeze(0).to(device);
                    var output = generator is null ? MatlabResize.Imresize(input, c.Scale) : generator.call(input);
                    // Reconstructions are judged as saved images: clipped to [0,1].
                    var sr = output.clamp(0, 1);
                    ImageIO.Save(sr[0].cpu(), Path.Combine(images, pairs.Names[i] + ".png"));
                    var reference = hr.unsqueeze(0).to(device);
                    var cells = new List<string>
                    {
                        run?.Loss ?? "bicubic", run?.Robust?.ToString() ?? "", (run?.Seed ?? 0).ToString(CultureInfo.InvariantCulture), set, pairs.Names[i],
                    };
                    cells.AddRange(suite.Score(sr, reference).Select(score => F(Mean(score.Values))));
                    rows.Append(string.Join(",", cells)).Append('\n');
                    report(++done, $"{set} {pairs.Names[i]}");
                }
            }
        });
        File.WriteAllText(Path.Combine(folder, "evaluation.csv"), rows.ToString());
    }

    /// <summary>Table 1 row: clean and targeted PGD-50 accuracy of one classifier.</summary>
    private void Classify(int index, string folder)
    {
        var setup = Configuration.Classifiers!;
        var classifier = setup.Models[index];
        using var data = LabelledImages.Open(setup);
        using var model = classifier.Load(setup.Crop, device);
        var evaluation = setup.Attack();
        RobustnessReport? result = null;
        int batches = data.BatchCount(setup.BatchSize);
        progress.Run($"Table 1: {classifier.Name}{(classifier.Robust ? " (robust)" : "")}", batches, report =>
        {
            result = new RobustnessEvaluator(evaluation).Evaluate(model, Ticking.Count(data.Batches(setup, device: device), n => report(n, $"batch {n}/{batches}")));
            report(batches, $"clean {result.CleanAccuracy:P1}, PGD-50 {result.PgdAccuracy:P1}");
        });
        File.WriteAllText(Path.Combine(folder, "accuracy.json"), JsonSerializer.Serialize(new ClassifierAccuracy(classifier.Name, classifier.Robust, result!), Indented));
    }

    /// <summary>Figure 1 for one model: each judge's error on the labelled images downscaled by the SR factor and upscaled by the model.</summary>
    private void Judge(StudyRun run, string folder)
    {
        var setup = Configuration.Classifiers!;
        using var data = LabelledImages.Open(setup);
        using var generator = ModelStore.EnhanceNet(GeneratorWeights(run), device).Model;
        var csv = new StringBuilder("judge,robust,examples,error\n");
        var judges = setup.Models.Where(m => m.Judge).ToArray();
        int batches = data.BatchCount(setup.BatchSize);
        progress.Run($"Figure 1: {run.ModelName} seed {run.Seed}", judges.Length * batches, report =>
        {
            for (int j = 0; j < judges.Length; j++)
            {
                var judge = judges[j];
                string name = judge.Name + (judge.Robust ? " (robust)" : "");
                using var model = judge.Load(setup.Crop, device);
                var upscaled = data.Batches(setup, x => generator.call(MatlabResize.Imresize(x, 1.0 / Configuration.Scale)).clamp(0, 1), device);
                int before = j * batches;
                var result = ClassificationError.Compute(model, Ticking.Count(upscaled, n => report(before + n, name)));
                csv.Append(CultureInfo.InvariantCulture, $"{judge.Name},{judge.Robust},{result.Examples},{F(result.ErrorRate)}\n");
                report(before + batches, $"{name} error {result.ErrorRate:P1}");
            }
        });
        File.WriteAllText(Path.Combine(folder, "errors.csv"), csv.ToString());
    }

    private void Report(string folder)
    {
        var c = Configuration;
        var records = Plan.Runs.Select(r => (StudyRun?)r).Prepend(null)
            .SelectMany(r => EvaluationCsv.Read(Path.Combine(store.StageDirectory(StudyPlan.EvaluationStage(r)), "evaluation.csv")))
            .ToList();
        var columns = MetricColumn.Table2.Where(col => records.Any(r => r.Metrics.ContainsKey(col.Key))).ToArray();
        var table = StudyTables.Table2(records, columns);
        File.WriteAllText(Path.Combine(folder, "table2.md"), table.ToMarkdown());
        File.WriteAllText(Path.Combine(folder, "table2.csv"), table.ToCsv());
        File.WriteAllText(Path.Combine(folder, "evaluation.csv"), EvaluationCsv.Write(records, columns));
        var differences = RobustDifferences.Compute(records, columns);
        File.WriteAllText(Path.Combine(folder, "table2-differences.md"), RobustDifferences.ToMarkdown(differences));
        File.WriteAllText(Path.Combine(folder, "table2-differences.csv"), RobustDifferences.ToCsv(differences));
        var perSet = new StringBuilder();
        if (c.Datasets.Count > 1)
        {
            foreach (var d in c.Datasets)
            {
                var one = StudyTables.Table2(records, columns, d.Name);
                File.WriteAllText(Path.Combine(folder, $"table2-{d.Name}.md"), one.ToMarkdown());
                File.WriteAllText(Path.Combine(folder, $"table2-{d.Name}.csv"), one.ToCsv());
                perSet.AppendLine(CultureInfo.InvariantCulture, $"### {d.Name}").AppendLine().AppendLine(one.ToMarkdown());
            }
        }

        WriteFigure2(Path.Combine(folder, "figure2.png"));
        string? table1 = null;
        string? figure1 = null;
        if (c.Classifiers is { } setup)
        {
            var accuracies = Enumerable.Range(0, setup.Models.Count)
                .Select(i => JsonSerializer.Deserialize<ClassifierAccuracy>(File.ReadAllText(Path.Combine(store.StageDirectory(StudyPlan.ClassifierStage(i)), "accuracy.json")))!)
                .ToArray();
            var t1 = StudyTables.Table1(accuracies.Select(a => (a.Name, a.Robust, a.Report.CleanAccuracy, a.Report.PgdAccuracy)).ToArray());
            table1 = t1.ToMarkdown();
            // The attack's sanity checks (large-ε accuracy ≈ 0, fewer steps never stronger) travel with the table.
            var warnings = accuracies.SelectMany(a => a.Report.Warnings.Select(w => $"- {a.Name}{(a.Robust ? " (robust)" : "")}: {w}")).ToArray();
            table1 += Environment.NewLine + (warnings.Length == 0
                ? "Sanity checks of the attack (accuracy ≈ 0 at a very large ε, PGD-10 never stronger than PGD-50) held for every classifier."
                : "Sanity checks that failed:" + Environment.NewLine + string.Join(Environment.NewLine, warnings)) + Environment.NewLine;
            File.WriteAllText(Path.Combine(folder, "table1.md"), t1.ToMarkdown());
            File.WriteAllText(Path.Combine(folder, "table1.csv"), t1.ToCsv());
            figure1 = WriteFigure1(folder);
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Study report (preset {c.Preset})").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Generated by PerceptualLosses on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC from the stages in this folder.").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Table 2 (mean over {c.Seeds.Count} seed(s) and {c.Datasets.Count} set(s): {string.Join(", ", c.Datasets.Select(d => d.Name))}; Y channel, border shave {c.Scale}{(c.Lpips is null ? "" : "; LPIPS on RGB")})").AppendLine();
        report.AppendLine(table.ToMarkdown()).AppendLine(StudyTables.Table2Note()).AppendLine();
        if (StudyTables.SeedSpread(table) is { } spread)
        {
            report.AppendLine("Standard deviation over seeds of each model's result (mean over sets per seed):").AppendLine().AppendLine(spread.ToMarkdown());
        }

        if (differences.Count > 0)
        {
            report.AppendLine("## Robust − non-robust differences (paired by image; table2-differences.csv)").AppendLine()
                .AppendLine(RobustDifferences.ToMarkdown(differences))
                .AppendLine("Intervals as in Table 2, resampling images with both models' values together; \"robust better on\": images where the robust model's value (mean over seeds) is better by the metric's direction.").AppendLine();
        }

        if (perSet.Length > 0)
        {
            report.AppendLine("## Per benchmark set").AppendLine().Append(perSet);
        }

        report.AppendLine("![Figure 2](figure2.png)").AppendLine();
        if (table1 is not null)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"## Table 1 (classifiers; targeted PGD-50, L2 ε = {c.Classifiers!.Epsilon}, α = {c.Classifiers.StepSize:0.#####})").AppendLine().AppendLine(table1);
            report.AppendLine(figure1 is not null ? "![Figure 1](figure1.png)" + Environment.NewLine + Environment.NewLine + figure1 : "Figure 1 was not drawn: it needs a robust and a non-robust judge and the E model.").AppendLine();
        }

        report.AppendLine("## Configuration").AppendLine().AppendLine("```json").AppendLine(StageStore.Serialize(c)).AppendLine("```");
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, libtorch {__version__}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, device {device}.");
        File.WriteAllText(Path.Combine(folder, "report.md"), report.ToString());
    }

    /// <summary>
    /// Figure 1 from the judged stages: per model the error over seeds with its Wilson interval, one panel per judge
    /// kind, and the judges' agreement; returns the report's Figure 1 section, or null when it cannot be drawn.
    /// </summary>
    private string? WriteFigure1(string folder)
    {
        var judged = new List<JudgedError>();
        var csv = new StringBuilder("model,seed,judge,robust_judge,error\n");
        foreach (var run in Plan.Runs)
        {
            string file = Path.Combine(store.StageDirectory(StudyPlan.JudgeStage(run)), "errors.csv");
            if (!File.Exists(file))
            {
                return null;
            }

            foreach (string line in File.ReadAllLines(file).Skip(1))
            {
                var cells = line.Split(',');
                bool robustJudge = bool.Parse(cells[1]);
                double error = double.Parse(cells[3], CultureInfo.InvariantCulture);
                csv.Append(CultureInfo.InvariantCulture, $"{run.ModelName},{run.Seed},{cells[0]},{robustJudge},{cells[3]}\n");
                judged.Add(new JudgedError(run.ModelName, run.Seed, cells[0], robustJudge, int.Parse(cells[2], CultureInfo.InvariantCulture), error));
            }
        }

        File.WriteAllText(Path.Combine(folder, "figure1.csv"), csv.ToString());
        var robustJudges = ClassificationErrorStatistics.Intervals(judged, robustJudge: true);
        var normalJudges = ClassificationErrorStatistics.Intervals(judged, robustJudge: false);
        if (robustJudges.Count == 0 || normalJudges.Count == 0 || !robustJudges.ContainsKey("E"))
        {
            return null;
        }

        ClassificationErrorFigure.Save(Path.Combine(folder, "figure1.png"), robustJudges, normalJudges);
        var section = new StringBuilder("Error bars: 95 % Wilson intervals of each error (misclassified images pooled over seeds).")
            .AppendLine().AppendLine().AppendLine(ClassificationErrorStatistics.ErrorsMarkdown(robustJudges, normalJudges));
        var agreements = ClassificationErrorStatistics.Agreements(judged);
        File.WriteAllText(Path.Combine(folder, "judge-agreement.csv"), ClassificationErrorStatistics.AgreementCsv(agreements));
        if (agreements.Count > 0)
        {
            JudgeAgreementFigure.Save(Path.Combine(folder, "figure1-agreement.png"), agreements);
            section.AppendLine("### Judge agreement (judge-agreement.csv)").AppendLine()
                .AppendLine(ClassificationErrorStatistics.AgreementMarkdown(agreements))
                .AppendLine($"Kendall τ-b between the models' errors under the two judges; p-value of independence from {PerceptualLosses.Statistics.PermutationOptions.DefaultPermutations} random permutations (seed 0) and, without ties, SciPy's exact test. " +
                    "Sign agreement: twin pairs (a loss trained with the robust and the non-robust VGG-19) for which both judges agree which twin has the lower error; 0 of n is the paper's \"the choice of the classifier inverts the results\".")
                .AppendLine().AppendLine("![Judge agreement](figure1-agreement.png)").AppendLine();
        }

        return section.ToString();
    }

    /// <summary>Figure 2: the central 64×64 crop of the first image of the first set: HR, bicubic and every model (first seed).</summary>
    private void WriteFigure2(string path)
    {
        var c = Configuration;
        var pairs = Pairs(c.Datasets[0]);
        string set = c.Datasets[0].Name, name = pairs.Names[0];
        using var scope = NewDisposeScope();
        var (_, hr) = pairs.Load(0);
        int crop = (int)Math.Min(64, Math.Min(hr.shape[1], hr.shape[2]));
        int top = (int)(hr.shape[1] - crop) / 2, left = (int)(hr.shape[2] - crop) / 2;
        byte[] Tile(Tensor image) =>
            (image.narrow(1, top, crop).narrow(2, left, crop).permute(1, 2, 0) * 255 + 0.5).floor().clamp(0, 255).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        string Saved(StudyRun? run) => Path.Combine(store.StageDirectory(StudyPlan.EvaluationStage(run)), "images", set, name + ".png");
        var tiles = new List<(string, byte[])> { ("HR", Tile(hr)), ("bicubic", Tile(ImageIO.Load(Saved(null)))) };
        foreach (var run in Plan.Runs.Where(r => r.Seed == c.Seeds[0]))
        {
            tiles.Add((run.ModelName, Tile(ImageIO.Load(Saved(run)))));
        }

        ReconstructionGridFigure.Save(path, tiles, crop, crop, columns: 4, zoom: 2);
    }

    /// <summary>A benchmark set as distributed: the Huang et al. *_HR/*_LR release or a plain HR folder.</summary>
    private SuperResolutionPairs Pairs(StudyDataset set) => new(set.Folder, Configuration.Scale, SuperResolutionPairsOptions.Detect(set.Folder));

    private static double Mean(Tensor t) => t.to_type(ScalarType.Float64).mean().item<double>();

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
