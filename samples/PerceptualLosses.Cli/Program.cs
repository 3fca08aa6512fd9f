using System;
using System.CommandLine;
using System.Linq;
using PerceptualLosses.Cli.Commands;

namespace PerceptualLosses.Cli;

/// <summary>Entry point of the <c>perceptual</c> command-line tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args);

    /// <summary>
    /// Parses and runs one command line; the tests call this in-process. Parse and option-validation errors and every
    /// exception of a verb go through <see cref="ErrorPolicy"/> (System.CommandLine's own handler, which prints stack
    /// traces, is off).
    /// </summary>
    internal static int Run(string[] args)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On errors, also print the stack trace.", Recursive = true };
        var root = Root();
        root.Options.Add(verbose);
        var parse = root.Parse(args);
        string verb = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name;
        if (parse.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?"))
        {
            string help = verb.Length == 0 ? "perceptual --help" : $"perceptual {verb} --help";
            Console.Error.WriteLine($"{(verb.Length == 0 ? "perceptual" : $"perceptual {verb}")}: {string.Join(" ", parse.Errors.Select(Describe))} See `{help}`.");
            return ErrorPolicy.UserError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return ErrorPolicy.Report(e, verb, parse.GetValue(verbose));
        }
    }

    /// <summary>One line per parse error, naming the option when System.CommandLine's message does not ("Argument 'x' not recognized").</summary>
    private static string Describe(System.CommandLine.Parsing.ParseError error)
    {
        string message = string.Join(" ", error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return error.SymbolResult is System.CommandLine.Parsing.OptionResult { Option: var option } && !message.Contains(option.Name, StringComparison.Ordinal)
            ? $"{option.Name}: {message}"
            : message;
    }

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
