using System;
using System.Collections.Generic;

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
    };

    /// <summary>The message of <paramref name="error"/>, with a leading setting name replaced by its CLI option.</summary>
    public static string Message(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is ArgumentException { ParamName: string setting } argument && Options.TryGetValue(setting, out string? option)
            && argument.Message.StartsWith(setting, StringComparison.Ordinal))
        {
            string message = argument.Message.Replace($" (Parameter '{setting}')", "", StringComparison.Ordinal);
            return option + message[setting.Length..];
        }

        return error.Message;
    }
}
