using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// The CLI option of each library setting a message may name (the libraries name properties and files, never CLI
/// flags): an <see cref="ArgumentException"/> whose parameter is one of these is reported with the option's name.
/// </summary>
internal static class OptionNames
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["VggWeights"] = "--vgg-weights",

        // study --shard/--shards (ShardEnvironment) and --emit (ClusterJobOptions, ClusterJobFiles, KubernetesJobs).
        ["shard"] = "--shard",
        ["shardCount"] = "--shards",
        ["jobFolder"] = "--emit folder",
        ["replaceFiles"] = "--force",
        ["Output"] = "--out",
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

        // normalize-vgg's image pass (ImageFolder.Take).
        ["imageFolder"] = "--images",
        ["maxImages"] = "--max-images",

        // metrics: folder mode (ImageFolder.Pairs) and a pair of files (MetricSuite.ScoreFiles).
        ["referenceFolder"] = "--reference",
        ["distortedFolder"] = "--distorted",
        ["referenceFile"] = "--reference",
        ["distortedFile"] = "--distorted",
        ["Color"] = "--color",
        ["Shave"] = "--shave",

        // The architecture a weights file needs (ClassifierArchitecture, in WeightLoadException's hint).
        ["Arch"] = "--arch",
        ["Width"] = "--width",
        ["NumClasses"] = "--num-classes",
    };

    // A setting named inside a message: an identifier with a capital letter (so no English word such as "shard"),
    // whole, and not the first word of a sentence.
    private static readonly Regex Inner = new(
        @"(?<![\w.\-]|\. )(" + string.Join("|", Options.Keys.Where(k => k.Any(char.IsUpper)).Select(Regex.Escape)) + @")(?![\w\-])",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// The message of <paramref name="error"/>, with a leading setting name replaced by its CLI option, and the
    /// settings named further on as well (an argument error about a known setting, or weights that need another architecture).
    /// </summary>
    public static string Message(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is ArgumentException { ParamName: string setting } argument && Options.TryGetValue(setting, out string? option))
        {
            string message = argument.Message.Replace($" (Parameter '{setting}')", "", StringComparison.Ordinal);
            message = message.StartsWith(setting, StringComparison.Ordinal) ? option + message[setting.Length..] : message;
            return Inner.Replace(message, m => Options[m.Value]);
        }

        return error switch
        {
            PerceptualLosses.Models.WeightLoadException => Inner.Replace(error.Message, m => Options[m.Value]),
            // The parameter is the library's, not an option: the message already names the value and the file.
            ArgumentException { ParamName: string parameter } => error.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal),
            _ => error.Message,
        };
    }
}
