using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using PerceptualLosses.Reproduction.Pipeline;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual merge</c>: combines shard output folders and writes the report once every stage is there.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The study's output folder (receives the stages of the others).", Required = true }.MustBeFolder("the study's output folder");
        var from = new Option<string[]>("--from") { Description = "Output folders of other shards (repeatable); none: only write the report of --out.", AllowMultipleArgumentsPerToken = true }.MustBeFolder("a shard's output folder");
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("merge", "Combine the output folders of `study --shard i/n` runs and write the tables and figures.") { output, from, device, json };
        command.SetAction(parse =>
        {
            {
                string target = parse.GetValue(output)!;
                var copied = StudyMerge.Merge(target, parse.GetValue(from) ?? Array.Empty<string>());
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
                return missing.Count == 0 ? 0 : 3;
            }
        });
        return command;
    }
}
