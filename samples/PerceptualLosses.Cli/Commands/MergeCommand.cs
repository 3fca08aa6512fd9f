using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual merge</c>: combines shard output folders and writes the report once every stage is there.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The study's output folder (receives the stages of the others).", Required = true };
        var from = new Option<string[]>("--from") { Description = "Output folders of other shards (repeatable); none: only write the report of --out.", AllowMultipleArgumentsPerToken = true }.MustBeFolder("a shard's output folder");
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("merge", "Combine the output folders of `study --shard i/n` runs and write the tables and figures; exits 2, merging nothing, while a stage is complete in no folder.") { output, from, device, json };
        // --out may be a new folder when shard folders are merged into it; alone, it must be a study's output folder.
        command.Validators.Add(result =>
        {
            string? target = result.GetValue(output);
            bool hasSources = (result.GetValue(from) ?? Array.Empty<string>()).Length > 0;
            if (target is not null)
            {
                try
                {
                    StudyMerge.CheckTarget(target, hasSources);
                }
                catch (ArgumentException e)
                {
                    result.AddError(OptionNames.Message(e));
                }
            }
        });
        command.SetAction(parse =>
        {
            {
                string target = parse.GetValue(output)!;
                var sources = parse.GetValue(from) ?? Array.Empty<string>();
                IReadOnlyList<string> copied;
                try
                {
                    copied = StudyMerge.Merge(target, sources);
                }
                catch (StudyIncompleteException e)
                {
                    // One paragraph on stderr; with --json the same list on stdout for scripts.
                    Console.Error.WriteLine($"perceptual merge: {e.Message}");
                    if (parse.GetValue(json))
                    {
                        Output.Write(new Dictionary<string, object?> { ["output"] = Path.GetFullPath(target), ["copied"] = Array.Empty<string>(), ["stages_missing"] = e.Missing, ["report"] = null }, json: true, "perceptual merge");
                    }

                    return 2;
                }

                var configuration = StudyMerge.ReadConfiguration(target);
                var pipeline = new StudyPipeline(configuration, target, force: false, DeviceSelector.Parse(parse.GetValue(device)!), Shard.All, SpectreProgress.Instance, validate: false);
                var missing = pipeline.ReportIfComplete();
                Output.Write(new Dictionary<string, object?>
                {
                    ["output"] = Path.GetFullPath(target),
                    ["copied"] = copied,
                    ["stages_missing"] = missing,
                    ["report"] = missing.Count == 0 ? Path.Combine(target, StudyPlan.ReportStage, "report.md") : null,
                }, parse.GetValue(json), "perceptual merge");
                return missing.Count == 0 ? 0 : 2;
            }
        });
        return command;
    }
}
