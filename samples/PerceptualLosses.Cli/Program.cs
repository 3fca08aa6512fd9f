using System.CommandLine;
using PerceptualLosses.Cli.Commands;

namespace PerceptualLosses.Cli;

/// <summary>Entry point of the <c>perceptual</c> command-line tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args);

    /// <summary>Parses and runs one command line; the tests call this in-process.</summary>
    internal static int Run(string[] args) => Root().Parse(args).Invoke();

    private static RootCommand Root()
    {
        var root = new RootCommand("PerceptualLosses: perceptual losses, robust models, attacks and image-quality metrics on TorchSharp.");
        // One line per verb; each verb lives in Commands/<Verb>Command.cs.
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ResizeCommand.Create());
        root.Subcommands.Add(LossCommand.Create());
        root.Subcommands.Add(TrainSrCommand.Create());
        root.Subcommands.Add(UpscaleCommand.Create());
        root.Subcommands.Add(StudyCommand.Create("demo", "Run the study on the embedded demo data (= study --preset demo): train, evaluate, write tables and figures."));
        root.Subcommands.Add(StudyCommand.Create("study", "Run the paper's study on a preset (demo | paper), a JSON config and overrides; resumable and shardable."));
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(CheckDeviceCommand.Create());
        root.Subcommands.Add(MetricsCommand.Create());
        root.Subcommands.Add(TrainLpipsCommand.Create());
        root.Subcommands.Add(TrainClassifierCommand.Create());
        root.Subcommands.Add(RobustnessCommand.Create());
        root.Subcommands.Add(NormalizeVggCommand.Create());
        root.Subcommands.Add(WeightsCommand.Create());
        return root;
    }
}
