using System;
using System.IO;
using PerceptualLosses.Models;

namespace PerceptualLosses.Cli.Commands;

/// <summary>Which exceptions are the user's input (bad option, missing or unreadable file, weights that do not fit) rather than bugs.</summary>
internal static class CliErrors
{
    /// <summary>true for errors a verb reports as one line on standard error with exit code 2.</summary>
    public static bool IsInputError(Exception e) =>
        e is ArgumentException or IOException or InvalidDataException or FormatException or NotSupportedException or WeightLoadException;

    /// <summary>The message without line breaks, so it stays one line on the console.</summary>
    public static string OneLine(Exception e) => e.Message.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
