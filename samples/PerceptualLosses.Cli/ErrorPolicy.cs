using System;
using System.IO;
using System.Reflection;
using PerceptualLosses.Cli.Commands;

namespace PerceptualLosses.Cli;

/// <summary>
/// The one exception policy of every verb: an error the user can fix (bad option value, missing or unreadable file,
/// wrong weights, diverged training) is one paragraph on standard error and exit code 2; anything else is a bug: exit
/// code 1, with the stack trace only under <c>--verbose</c>.
/// </summary>
internal static class ErrorPolicy
{
    /// <summary>Exit code of an error the user can fix.</summary>
    public const int UserError = 2;

    /// <summary>Exit code of a bug.</summary>
    public const int Bug = 1;

    /// <summary>Prints <paramref name="error"/> for <c>perceptual <paramref name="verb"/></c> and returns the exit code.</summary>
    public static int Report(Exception error, string verb, bool verbose)
    {
        error = Unwrap(error);
        string prefix = string.IsNullOrEmpty(verb) ? "perceptual" : $"perceptual {verb}";
        if (IsUserError(error))
        {
            Console.Error.WriteLine($"{prefix}: {OptionNames.Message(error)}");
            if (verbose)
            {
                Console.Error.WriteLine(error.ToString());
            }

            return UserError;
        }

        Console.Error.WriteLine(
            $"{prefix}: internal error ({error.GetType().Name}): {error.Message} This is a bug in perceptual, not in your input: "
            + (verbose ? "please report it with the stack trace below." : "rerun with --verbose for the stack trace and report it."));
        if (verbose)
        {
            Console.Error.WriteLine(error.ToString());
        }

        return Bug;
    }

    /// <summary>
    /// Errors caused by what the user gave: option values, paths, file contents, the environment (CUDA, native library),
    /// or a training run that diverged with the chosen settings.
    /// </summary>
    public static bool IsUserError(Exception error) => error is UserInputException || PerceptualLosses.Common.UserErrors.IsUserError(error);

    /// <summary>The message without line breaks, for a verb that reports one problem per line (several files, a plan).</summary>
    public static string OneLine(Exception error) =>
        OptionNames.Message(Unwrap(error)).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static Exception Unwrap(Exception error)
    {
        while (error is TargetInvocationException or TypeInitializationException or AggregateException { InnerExceptions.Count: 1 } && error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }
}
