using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PerceptualLosses.Common;
using PerceptualLosses.Data;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using PerceptualLosses.Attacks;
using PerceptualLosses.Study.Classifiers;
using PerceptualLosses.Study.Runs;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// The stages a <see cref="StudyConfiguration"/> implies, in order, and a check of every path it names. Pure: reads the
/// file system, runs nothing.
/// </summary>
public sealed class StudyPlan
{
    private readonly List<StudyProblem> problems = new();

    /// <summary>Builds the plan; malformed loss specs are recorded as problems (see <see cref="Validate"/>).</summary>
    public StudyPlan(StudyConfiguration configuration)
    {
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        var runs = new List<StudyRun>();
        var specs = new Dictionary<string, LossSpec>(StringComparer.Ordinal);
        foreach (string loss in configuration.Losses)
        {
            bool needsVgg;
            try
            {
                // The one parse of each loss of the study, against VGG-19's layers (the study's loss networks), so that an unknown
                // layer is a plan problem before anything runs.
                var spec = LossSpec.Parse(loss, configuration.Layers, knownLayers: VggLayers.For(19, batchNorm: false).Names);
                specs[loss] = spec;
                needsVgg = spec.NeedsFeatureNetwork;
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                problems.Add(new StudyProblem(nameof(configuration.Losses), $"'{loss}' is not a loss spec: {e.Message}"));
                continue;
            }

            var variants = needsVgg ? new bool?[] { false, true } : new bool?[] { null };
            foreach (bool? robust in variants)
            {
                string? weights = robust == true ? configuration.RobustVggWeights : robust == false ? configuration.VggWeights : null;
                if (robust is not null && weights is null)
                {
                    continue; // no such VGG-19 configured: that half of the study is left out (and said so in the plan)
                }

                foreach (int seed in configuration.Seeds)
                {
                    runs.Add(new StudyRun($"{Slug(loss)}{(robust == true ? "-robust" : "")}-seed{seed}", loss, robust, seed));
                }
            }
        }

        Runs = runs;
        LossSpecs = specs;
        Stages = BuildStages();
    }

    /// <summary>The configuration planned.</summary>
    public StudyConfiguration Configuration { get; }

    /// <summary>Each well-formed loss of the configuration, parsed (keyed by its text as configured).</summary>
    public IReadOnlyDictionary<string, LossSpec> LossSpecs { get; }

    /// <summary>The EnhanceNets to train, in the fixed order shards split.</summary>
    public IReadOnlyList<StudyRun> Runs { get; }

    /// <summary>Every stage, in execution order; the report is last.</summary>
    public IReadOnlyList<PlannedStage> Stages { get; }

    /// <summary>
    /// Every file and folder the stages read, with the configuration key naming it, in the order of the configuration; only
    /// what a stage uses (a VGG-19 of no planned run is not read). A path named by several keys is listed under each.
    /// </summary>
    public IReadOnlyList<StudyInput> Inputs
    {
        get
        {
            var c = Configuration;
            var inputs = new List<StudyInput>();
            if (Runs.Count > 0)
            {
                inputs.Add(new StudyInput(nameof(c.TrainImages), c.TrainImages, IsFolder: true));
                inputs.Add(new StudyInput(nameof(c.ValidationImages), c.ValidationImages, IsFolder: true));
            }

            if (Runs.Any(r => r.Robust == false) && c.VggWeights is not null)
            {
                inputs.Add(new StudyInput(nameof(c.VggWeights), c.VggWeights, IsFolder: false));
            }

            if (Runs.Any(r => r.Robust == true) && c.RobustVggWeights is not null)
            {
                inputs.Add(new StudyInput(nameof(c.RobustVggWeights), c.RobustVggWeights, IsFolder: false));
            }

            if (c.Normalization is { } normalization && Runs.Any(r => r.Robust is not null))
            {
                inputs.Add(new StudyInput("Normalization.Images", normalization.Images, IsFolder: true));
            }

            inputs.AddRange(c.Datasets.Select(d => new StudyInput(nameof(c.Datasets), d.Folder, IsFolder: true)));
            if (c.Lpips is { } lpips)
            {
                inputs.Add(new StudyInput("Lpips.Vgg16Weights", lpips.Vgg16Weights, IsFolder: false));
                inputs.Add(new StudyInput("Lpips.LinWeights", lpips.LinWeights, IsFolder: false));
                if (lpips.RobustLinWeights is not null)
                {
                    inputs.Add(new StudyInput("Lpips.RobustLinWeights", lpips.RobustLinWeights, IsFolder: false));
                }
            }

            if (c.Classifiers is { } k)
            {
                inputs.Add(new StudyInput("Classifiers.Data", k.Data, IsFolder: true));
                inputs.AddRange(k.Models.Select(m => new StudyInput("Classifiers.Models", m.Weights, IsFolder: false)));
            }

            return inputs;
        }
    }

    /// <summary>
    /// Each weights file of <see cref="Inputs"/> that exists, inspected once (<see cref="ModelWeights.Inspect"/>); one that
    /// cannot be read is a problem of the key naming it. Missing files are <see cref="Validate"/>'s problems, not these.
    /// </summary>
    public (IReadOnlyList<WeightFileInfo> Files, IReadOnlyList<StudyProblem> Problems) InspectWeights()
    {
        var files = new List<WeightFileInfo>();
        var found = new List<StudyProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in Inputs.Where(i => !i.IsFolder && System.IO.File.Exists(i.Path) && seen.Add(i.Path)))
        {
            try
            {
                files.Add(ModelWeights.Inspect(input.Path));
            }
            catch (Exception e) when (UserErrors.IsUserError(e))
            {
                string message = (e is ArgumentException { ParamName: string parameter } ? e.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal) : e.Message).ReplaceLineEndings(" ");
                found.Add(new StudyProblem(input.Setting, $"weights file '{input.Path}' cannot be read: {message}"));
            }
        }

        return (files, found);
    }

    /// <summary>
    /// How many shards the plan can use: one per work unit (a model's training, evaluation and Figure 1 classification,
    /// the bicubic baseline, a Table 1 row); more shards would have nothing to run.
    /// </summary>
    public int WorkUnits => Stages.Where(s => s.Unit >= 0).Select(s => s.Unit).DefaultIfEmpty(-1).Max() + 1;

    /// <summary>Checks that <paramref name="shards"/> shards each have work in this plan.</summary>
    /// <exception cref="ArgumentException">More shards than <see cref="WorkUnits"/>, or fewer than one.</exception>
    public void CheckShardCount(int shards)
    {
        if (shards < 1 || shards > WorkUnits)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{shards} shard(s) do not fit this plan: it has {WorkUnits} work unit(s) (one per model, plus the bicubic baseline and the Table 1 rows), so use 1 to {WorkUnits} shards."),
                nameof(shards));
        }
    }

    /// <summary>Name of the report stage.</summary>
    public const string ReportStage = "report";

    /// <summary>Stage folder of the normalised normal (or robust) VGG-19 loss network.</summary>
    public static string NormalizationStage(bool robust) => robust ? "loss-networks/vgg19-robust" : "loss-networks/vgg19";

    /// <summary>File name of a normalised loss network inside its stage folder.</summary>
    public const string NormalizedWeightsName = "vgg19.pth";

    /// <summary>Stage folder of Table 1's row <paramref name="index"/>.</summary>
    public static string ClassifierStage(int index) => string.Create(CultureInfo.InvariantCulture, $"classifiers/{index:00}");

    /// <summary>Stage folder of a run's training.</summary>
    public static string TrainingStage(StudyRun run) => $"models/{Guard(run).Id}";

    /// <summary>Stage folder of a run's evaluation (or of bicubic, when <paramref name="run"/> is null).</summary>
    public static string EvaluationStage(StudyRun? run) => $"evaluation/{run?.Id ?? "bicubic"}";

    /// <summary>Stage folder of a run's Figure 1 classification.</summary>
    public static string JudgeStage(StudyRun run) => $"judged/{Guard(run).Id}";

    /// <summary>
    /// Everything wrong with the configuration before anything runs: missing folders and files (naming the stage that
    /// needs each), empty image folders, malformed loss specs, values out of range. Each names the configuration key to
    /// change (<see cref="StudyProblem.Setting"/>); ranges are checked by the options the values become (their <c>Validate()</c>).
    /// </summary>
    public IReadOnlyList<StudyProblem> Validate()
    {
        var found = new List<StudyProblem>(problems);
        var c = Configuration;
        void Folder(string? path, string setting, string stage, string what)
        {
            if (string.IsNullOrEmpty(path) || !Directory.Exists(path))
            {
                found.Add(new StudyProblem(setting, $"{stage} needs {what}: '{path}' is not a folder."));
            }
            else if (ImageFolder.List(path).Count == 0)
            {
                found.Add(new StudyProblem(setting, $"{stage} needs {what}: '{path}' holds no images ({string.Join(", ", ImageFolder.Extensions)})."));
            }
        }

        void File(string? path, string setting, string stage, string what)
        {
            if (string.IsNullOrEmpty(path) || !System.IO.File.Exists(path))
            {
                found.Add(new StudyProblem(setting, $"{stage} needs {what}: '{path}' does not exist."));
            }
        }

        // The training settings, by the library options they become (EnhanceNet, batches, trainer): the one check of their ranges.
        SuperResolutionRunSpec? training = null;
        Check(() => training = SuperResolutionRunSpec.Parse(c.Run("E", null, false, c.Seeds.Count > 0 ? c.Seeds[0] : 0), LossSpec.Parse("E")), TrainingKeys);
        if (training is not null)
        {
            Check(training.Generator.Validate, TrainingKeys);
            Check(training.Batches.Validate, TrainingKeys);
            Check(training.Training.Validate, TrainingKeys);
        }
        if (c.Seeds.Count == 0 || c.Seeds.Distinct().Count() != c.Seeds.Count)
        {
            found.Add(new StudyProblem(nameof(c.Seeds), $"must be a non-empty list of distinct seeds; got [{string.Join(", ", c.Seeds)}]."));
        }

        if (Runs.Count > 0)
        {
            Folder(c.TrainImages, nameof(c.TrainImages), "stage 2 (training)", "the training images (MS-COCO train2017 in the paper)");
            Folder(c.ValidationImages, nameof(c.ValidationImages), "stage 2 (training)", "validation HR images");
        }

        if (Runs.Any(r => r.Robust == false))
        {
            File(c.VggWeights, nameof(c.VggWeights), "stage 2 (training of the P/T models)", "the VGG-19 loss network (torchvision vgg19 .pth)");
        }

        if (Runs.Any(r => r.Robust == true))
        {
            File(c.RobustVggWeights, nameof(c.RobustVggWeights), "stage 2 (training of the robust P/T models)", "the robust VGG-19 loss network (robustness checkpoint)");
        }

        if (c.Normalization is { } normalization && Runs.Any(r => r.Robust is not null))
        {
            Folder(normalization.Images, "Normalization.Images", "stage 2 (normalisation of the VGG-19 loss networks)", "images to normalise over (or no Normalization)");
            if (normalization.MaxImages < 0)
            {
                found.Add(new StudyProblem("Normalization.MaxImages", $"must be >= 0 (0 = all); got {normalization.MaxImages}."));
            }
        }

        if (c.Datasets.Count == 0)
        {
            found.Add(new StudyProblem(nameof(c.Datasets), "stage 3 (evaluation) needs at least one SR benchmark folder (Name=DIR)."));
        }

        foreach (var d in c.Datasets)
        {
            Folder(d.Folder, nameof(c.Datasets), $"stage 3 (evaluation on {d.Name})", $"the HR images of {d.Name}");
        }

        if (c.Datasets.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != c.Datasets.Count)
        {
            found.Add(new StudyProblem(nameof(c.Datasets), "names must be distinct."));
        }

        if (c.Lpips is { } lpips)
        {
            File(lpips.Vgg16Weights, "Lpips.Vgg16Weights", "stage 3 (LPIPS)", "the VGG-16 trunk of LPIPS (torchvision vgg16 .pth)");
            File(lpips.LinWeights, "Lpips.LinWeights", "stage 3 (LPIPS)", "the LPIPS v0.1 lin weights (weights/v0.1/vgg.pth)");
            if (lpips.RobustLinWeights is not null)
            {
                File(lpips.RobustLinWeights, "Lpips.RobustLinWeights", "stage 3 (R-LPIPS)", "the R-LPIPS lin weights");
            }
        }

        if (c.Classifiers is { } k)
        {
            string stage = "stage 1 (Table 1) and Figure 1";
            if (k.DataFormat == "idx")
            {
                if (!LabelledImages.IsIdx(k.Data, train: false))
                {
                    found.Add(new StudyProblem("Classifiers.Data", $"{stage} need labelled images: '{k.Data}' has no t10k-images-idx3-ubyte(.gz) / t10k-labels-idx1-ubyte(.gz)."));
                }
            }
            else if (k.DataFormat == "folder")
            {
                if (!Directory.Exists(k.Data) || Directory.GetDirectories(k.Data).Length == 0)
                {
                    found.Add(new StudyProblem("Classifiers.Data", $"{stage} need labelled images: '{k.Data}' is not a folder of class subfolders (ImageNet val laid out as val/<class>/<image>)."));
                }

                if (k.Crop > k.Resize)
                {
                    found.Add(new StudyProblem("Classifiers.Crop", $"classifier crop {k.Crop} must not exceed resize {k.Resize}."));
                }
            }
            else
            {
                found.Add(new StudyProblem("Classifiers.DataFormat", $"classifier data format must be 'idx' or 'folder'; got '{k.DataFormat}'."));
            }

            // The attack's ε and step, by the PGD options they become.
            Check(k.Attack().Pgd.Validate, AttackKeys);
            if (k.BatchSize < 1)
            {
                found.Add(new StudyProblem("Classifiers.BatchSize", $"must be >= 1; got {k.BatchSize}."));
            }

            foreach (var model in k.Models)
            {
                File(model.Weights, "Classifiers.Models", $"stage 1 (Table 1 row {model.Name}{(model.Robust ? " robust" : "")})", "the classifier's weights");
            }

            if (k.Models.Any(m => m.Judge) && (!k.Models.Any(m => m.Judge && m.Robust) || !k.Models.Any(m => m.Judge && !m.Robust)))
            {
                found.Add(new StudyProblem("Classifiers.Models", "Figure 1 needs one robust and one non-robust judge (classifiers with Judge = true)."));
            }

            if (k.Models.Any(m => m.Judge) && !Runs.Any(r => r.Loss == "E"))
            {
                found.Add(new StudyProblem(nameof(c.Losses), "Figure 1 draws the E model as its baseline: include E."));
            }
        }

        return found;

        // Runs an options' Validate(); its error becomes a problem of the configuration key the property comes from.
        void Check(Action validate, IReadOnlyDictionary<string, string> keys)
        {
            try
            {
                validate();
            }
            catch (ArgumentException e)
            {
                string property = e.ParamName ?? "";
                string key = keys.TryGetValue(property, out string? k) ? k : property;
                string message = e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal).ReplaceLineEndings(" ");
                found.Add(new StudyProblem(key, NamedSettings.Rename(message, new[] { property }, _ => key)));
            }
        }
    }

    /// <summary>Configuration key of each property of the training options that <see cref="StudyConfiguration"/> sets under another name.</summary>
    private static readonly IReadOnlyDictionary<string, string> TrainingKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(SuperResolutionBatchOptions.HighResolutionPatch)] = nameof(StudyConfiguration.Patch),
        [nameof(SuperResolutionBatchOptions.BatchSize)] = nameof(StudyConfiguration.Batch),
        ["size"] = nameof(StudyConfiguration.Model), // EnhanceNetOptions.For: a Model that is not an EnhanceNetSize
    };

    /// <summary>Configuration key of each property of the PGD options that <see cref="StudyClassifiers"/> sets.</summary>
    private static readonly IReadOnlyDictionary<string, string> AttackKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(PgdOptions.Epsilon)] = "Classifiers.Epsilon",
        [nameof(PgdOptions.StepSize)] = "Classifiers.StepSize",
    };

    /// <summary>The plan as text: configuration, stages with their state and owner, totals and problems.</summary>
    /// <param name="isComplete">Whether a stage is already complete in the output folder.</param>
    /// <param name="shard">The shard this process would run.</param>
    public string Describe(Func<string, bool> isComplete, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(isComplete);
        ArgumentNullException.ThrowIfNull(shard);
        var text = new StringBuilder();
        var c = Configuration;
        text.AppendLine(CultureInfo.InvariantCulture, $"Study plan: preset {c.Preset}, {Runs.Count} EnhanceNets ({c.Losses.Count} losses × VGG-19 variants × {c.Seeds.Count} seeds), {c.Datasets.Count} SR sets, {c.Classifiers?.Models.Count ?? 0} classifiers; this process runs shard {shard}.");
        text.AppendLine();
        foreach (var stage in Stages)
        {
            string state = isComplete(stage.Name) ? "done" : stage.Unit < 0 || shard.Owns(stage.Unit) ? "to run" : $"shard {stage.OwnerAmong(shard.Count)!.Index}";
            state = stage.Unit == PlannedStage.EveryShard && shard.Count > 1 && state == "to run" ? "any shard" : state;
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{state,-9}] {stage.Name,-28} {stage.Description}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"",11} {"",-28} → {string.Join(", ", stage.Outputs)}");
        }

        int images = c.Datasets.Sum(d => Directory.Exists(d.Folder) ? ImageCount(d.Folder, c.Scale) : 0);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Totals: {Runs.Count} trainings × {c.Steps} steps = {(long)Runs.Count * c.Steps} optimizer steps of batch {c.Batch}; {Runs.Count + 1} models (with bicubic) × {images} benchmark images evaluated.");
        if (c.VggWeights is null || c.RobustVggWeights is null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Left out: the P/T models with the {(c.VggWeights is null ? "normal" : "robust")} VGG-19 (no weights configured).");
        }

        return text.ToString();
    }

    private List<PlannedStage> BuildStages()
    {
        var c = Configuration;
        var stages = new List<PlannedStage>();
        if (c.Classifiers is { } k)
        {
            for (int i = 0; i < k.Models.Count; i++)
            {
                var m = k.Models[i];
                stages.Add(new PlannedStage(ClassifierStage(i), "classifier", i,
                    string.Create(CultureInfo.InvariantCulture, $"Table 1 row: {m.Name}{(m.Robust ? " (robust)" : "")} [{m.Architecture}, {m.Weights}] on {k.Data} ({(k.Limit > 0 ? k.Limit.ToString(CultureInfo.InvariantCulture) : "all")} images): clean top-1 and targeted PGD-50 (L2 ε {k.Epsilon:0.###}, α {k.StepSize:0.####})"),
                    new[] { "accuracy.json" }));
            }
        }

        if (c.Normalization is { } normalization)
        {
            foreach (bool robust in new[] { false, true }.Where(r => Runs.Any(run => run.Robust == r)))
            {
                string weights = robust ? c.RobustVggWeights! : c.VggWeights!;
                string count = normalization.MaxImages > 0 ? $"the first {normalization.MaxImages}" : "all";
                stages.Add(new PlannedStage(NormalizationStage(robust), "normalize", PlannedStage.EveryShard,
                    $"Gatys normalisation of the {(robust ? "robust " : "")}VGG-19 {weights}: every channel's mean ReLU activation over {count} images of {normalization.Images} becomes 1",
                    new[] { NormalizedWeightsName, "normalization.json" }));
            }
        }

        string reading = SettingNames.Layers.Name(c.Layers);
        for (int i = 0; i < Runs.Count; i++)
        {
            var run = Runs[i];
            string vgg = run.Robust switch { true => $"robust VGG-19 {c.RobustVggWeights}", false => $"VGG-19 {c.VggWeights}", null => "no VGG" };
            if (c.Normalization is not null && run.Robust is bool r)
            {
                vgg += $" normalised in {NormalizationStage(r)}";
            }

            stages.Add(new PlannedStage(TrainingStage(run), "train", i + 1,
                string.Create(CultureInfo.InvariantCulture, $"train EnhanceNet ({SettingNames.Model.Name(c.Model)}, ×{c.Scale}) with {run.Loss} ({reading} layers, {vgg}), seed {run.Seed}: {c.Steps} Adam steps at {c.LearningRate:g3}, batch {c.Batch} of {c.Patch}² crops of {c.TrainImages}; checkpoint every {c.CheckpointEvery}"),
                new[] { SuperResolutionRunner.WeightsName, "enhancenet.json", "log.csv", "checkpoint/" }));
        }

        string metrics = "PSNR, SSIM, UQI, IFC, GMSD (Y, shave " + c.Scale.ToString(CultureInfo.InvariantCulture) + ")"
            + (c.Lpips is null ? "" : c.Lpips.RobustLinWeights is null ? ", LPIPS (RGB)" : ", LPIPS, R-LPIPS (RGB)");
        string sets = string.Join(", ", c.Datasets.Select(d => d.Name));
        stages.Add(new PlannedStage(EvaluationStage(null), "evaluate", 0, $"bicubic ×{c.Scale} baseline: {metrics} on {sets}", new[] { "evaluation.csv", "images/<set>/*.png" }));
        for (int i = 0; i < Runs.Count; i++)
        {
            stages.Add(new PlannedStage(EvaluationStage(Runs[i]), "evaluate", i + 1, $"{Runs[i].ModelName} seed {Runs[i].Seed}: {metrics} on {sets}", new[] { "evaluation.csv", "images/<set>/*.png" }));
        }

        if (c.Classifiers is { } judges && judges.Models.Any(m => m.Judge))
        {
            string names = string.Join(", ", judges.Models.Where(m => m.Judge).Select(m => m.Name + (m.Robust ? " (robust)" : "")));
            for (int i = 0; i < Runs.Count; i++)
            {
                stages.Add(new PlannedStage(JudgeStage(Runs[i]), "judge", i + 1,
                    $"Figure 1: error of {names} on the labelled images ×1/{c.Scale} (MATLAB bicubic), upscaled by {Runs[i].ModelName} seed {Runs[i].Seed}",
                    new[] { "errors.csv" }));
            }
        }

        var reports = new List<string> { "table2.md", "table2.csv", "table2-differences.md", "table2-differences.csv" };
        if (c.Datasets.Count > 1)
        {
            reports.Add("table2-<set>.md/.csv");
        }

        if (c.Classifiers is not null)
        {
            reports.AddRange(new[] { "table1.md", "table1.csv", "figure1.png", "figure1.csv", "judge-agreement.csv", "figure1-agreement.png" });
        }

        reports.AddRange(new[] { "figure2.png", "report.md" });
        stages.Add(new PlannedStage(ReportStage, "report", PlannedStage.AfterAll, "tables and figures from all stages above (after `perceptual merge` when sharded)", reports));
        return stages;
    }

    private static int ImageCount(string folder, int scale)
    {
        try
        {
            return new SuperResolutionPairs(folder, scale, SuperResolutionPairsOptions.Detect(folder)).Count;
        }
        catch (ArgumentException)
        {
            return 0; // reported by Validate
        }
    }

    private static StudyRun Guard(StudyRun run) => run ?? throw new ArgumentNullException(nameof(run));

    /// <summary>Folder-safe form of a loss spec: letters and digits kept, runs of anything else become one '_'.</summary>
    private static string Slug(string loss)
    {
        var slug = new StringBuilder();
        foreach (char ch in loss)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                slug.Append(ch);
            }
            else if (slug.Length > 0 && slug[^1] != '_')
            {
                slug.Append('_');
            }
        }

        return slug.ToString().Trim('_');
    }
}
