using System;
using PerceptualLosses.Study.Pipeline;
using Spectre.Console;

namespace PerceptualLosses.Cli.Commands;

/// <summary>A progress bar with rate and ETA on standard error, so that <c>--json</c> output on standard output stays clean.</summary>
internal sealed class SpectreProgress : IStudyProgress
{
    public static SpectreProgress Instance { get; } = new();

    /// <inheritdoc />
    public void Run(string title, double total, Action<Action<double, string>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: total);
                work((done, detail) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape($"{title} {detail}");
                });
            });
    }
}
