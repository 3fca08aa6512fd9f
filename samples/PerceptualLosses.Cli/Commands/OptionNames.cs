using PerceptualLosses.Common;
using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Study.Pipeline;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// The CLI option of each library setting a message may name (the libraries name properties, configuration keys and
/// files, never CLI flags): an <see cref="ArgumentException"/> whose parameter is one of these, and a study error or
/// plan problem naming them (<see cref="NamedSettings"/>), are reported with the options' names.
/// </summary>
internal static class OptionNames
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        // train-sr, loss and the study: properties of SuperResolutionRun and StudyConfiguration keys
        ["VggWeights"] = "--vgg-weights",
        ["RobustVggWeights"] = "--robust-vgg-weights",
        ["RobustVggIsRobustnessCheckpoint"] = "--robust-vgg-format",
        ["Layers"] = "--layers",
        ["Model"] = "--model",
        ["Steps"] = "--steps",
        ["Patch"] = "--patch",
        ["HighResolutionPatch"] = "--patch", // SuperResolutionBatchOptions, checked by SuperResolutionRunSpec.Validate
        ["BatchSize"] = "--batch-size",
        ["Batch"] = "--batch-size",
        ["LearningRate"] = "--lr",
        ["ValidateEvery"] = "--validate-every",
        ["CheckpointEvery"] = "--checkpoint-every",
        ["TrainImages"] = "--train",
        ["ValidationImages"] = "--val",
        ["Datasets"] = "--datasets",
        ["Losses"] = "--losses",
        ["Seeds"] = "--seeds",
        ["Lpips.Vgg16Weights"] = "--vgg16-weights",
        ["Lpips.LinWeights"] = "--lpips-weights",
        ["Lpips.RobustLinWeights"] = "--rlpips-weights",
        ["Classifiers.Data"] = "--classifier-data",
        ["Classifiers.Limit"] = "--classifier-limit",
        ["Classifiers.Models"] = "--classifier-weights",
        ["Normalization.Images"] = "--normalization-images",

        // StudyOverrides properties named otherwise in the configuration
        ["Vgg16Weights"] = "--vgg16-weights",
        ["LpipsWeights"] = "--lpips-weights",
        ["RobustLpipsWeights"] = "--rlpips-weights",
        ["ClassifierData"] = "--classifier-data",
        ["ClassifierLimit"] = "--classifier-limit",
        ["ClassifierWeights"] = "--classifier-weights",
        ["NormalizationImages"] = "--normalization-images",

        // the study's output folder and merge (KubernetesJobs names Output too)
        [StageStore.OutputSetting] = "--out",
        [StageStore.ForceSetting] = "--force",
        [StudyMerge.SourcesSetting] = "--from",

        // study --shard/--shards (ShardEnvironment) and --emit (ClusterJobOptions, ClusterJobFiles, KubernetesJobs)
        ["shard"] = "--shard",
        ["shardCount"] = "--shards",
        ["jobFolder"] = "--emit folder",
        ["replaceFiles"] = "--force",
        ["JobName"] = "--job-name",
        ["Gres"] = "--gres",
        ["Time"] = "--time",
        ["Memory"] = "--mem",
        ["Partition"] = "--partition",
        ["CpusPerTask"] = "--cpus-per-task",
        ["SbatchOptions"] = "--sbatch",
        ["Parallelism"] = "--parallelism",
        ["Retries"] = "--retries",
        ["Image"] = "--image",
        ["VolumePath"] = "--volume-path",
        ["VolumeClaim"] = "--volume-claim",

        // loss (ImageIO.LoadPair)
        ["predictionPath"] = "--prediction",
        ["targetPath"] = "--target",

        // upscale and resize (ImageFolder.Destinations)
        ["inputPath"] = "--input",
        ["outputPath"] = "--out",

        // normalize-vgg's image pass (ImageFolder.Take)
        ["imageFolder"] = "--images",
        ["maxImages"] = "--max-images",

        // metrics: folder mode (ImageFolder.Pairs) and a pair of files (MetricSuite.ScoreFiles)
        ["referenceFolder"] = "--reference",
        ["distortedFolder"] = "--distorted",
        ["referenceFile"] = "--reference",
        ["distortedFile"] = "--distorted",
        ["Color"] = "--color",
        ["Shave"] = "--shave",

        // train-classifier and train-lpips (ClassifierTrainingRun, LpipsTrainingRun and their training options)
        ["Data"] = "--data",
        ["Validation"] = "--val",
        ["ImageSize"] = "--image-size",
        ["Limit"] = "--limit",
        ["Epochs"] = "--epochs",
        ["DecayEpochs"] = "--decay-epochs",

        // robustness (RobustnessRun), normalize-vgg and study --config: the files they read (UserErrors.Read)
        ["Resize"] = "--resize",
        ["Weights"] = "--weights",
        ["Config"] = "--config",

        // metrics: what to score (MetricSelection) and how (MetricOptions)
        ["Metrics"] = "--metrics",
        ["LpipsNet"] = "--lpips-net",
        ["LpipsTrunkWeights"] = "--lpips-trunk-weights",
        ["Luma"] = "--luma",
        ["Precision"] = "--precision",
        ["DataRange"] = "--data-range",

        // the architecture a weights file needs (ClassifierArchitecture, in WeightLoadException's hint)
        ["Arch"] = "--arch",
        ["Width"] = "--width",
        ["NumClasses"] = "--num-classes",

        // name tables of the enum settings (EnumNames.Setting): study --emit/--layout, check-device, resize, train-classifier
        ["Engine"] = "--emit",
        ["Layout"] = "--layout",
        ["Tf32"] = "--tf32",
        ["algorithm"] = "--method",
        ["Schedule"] = "--schedule",

        // upscale and loss: the conversions ImageIO.Load makes only when asked (ImageLoadOptions)
        ["ConvertGrayscaleToRgb"] = "--gray-to-rgb",
        ["DropAlpha"] = "--drop-alpha",
    };

    // Settings the Models, Data, Metrics and Cluster messages name besides their parameter (they record no
    // NamedSettings): renamed in an argument error about a known setting, and in a weight-load hint.
    private static readonly string[] Mentioned =
    {
        "shardCount", "replaceFiles", "VolumePath", "Image", "referenceFolder", "distortedFolder", "referenceFile",
        "distortedFile", "Color", "Shave", "Arch", "Width", "NumClasses", "inputPath", "outputPath", "predictionPath", "targetPath",
    };

    /// <summary>The CLI option of a library setting, or null when the CLI has none (the setting is then named as it is, a <c>--config</c> key).</summary>
    public static string? For(string setting) => Options.GetValueOrDefault(setting);

    /// <summary>The message of <paramref name="error"/>, with the settings it names replaced by their CLI options.</summary>
    public static string Message(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var settings = NamedSettings.Named(error);
        string message = error.Message;
        if (error is ArgumentException { ParamName: string parameter })
        {
            // The parameter is the library's, not what the user typed; the message names the value and the file.
            message = message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal);
            if (Options.ContainsKey(parameter))
            {
                settings = settings.Append(parameter).Concat(Mentioned).ToArray();
            }
        }
        else if (error is PerceptualLosses.Models.WeightLoadException || error.InnerException is PerceptualLosses.Models.WeightLoadException)
        {
            settings = settings.Concat(Mentioned).ToArray();
        }

        return NamedSettings.Rename(message, settings.Distinct(StringComparer.Ordinal), For);
    }
}
