using System;

namespace PerceptualLosses.Cli.Commands;

/// <summary>Reading a file the user named: errors that do not say which file it was are re-raised naming the option and the path.</summary>
internal static class InputFiles
{
    public static T Load<T>(string option, string path, Func<string, T> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            return load(path);
        }
        catch (Exception e) when (ErrorPolicy.IsUserError(e) && !e.Message.Contains(option, StringComparison.Ordinal))
        {
            // The libraries name the file, not the option: the option is the CLI's to add.
            throw new UserInputException(e.Message.Contains(path, StringComparison.Ordinal) ? $"{option}: {e.Message}" : $"{option} '{path}': {e.Message}", e);
        }
    }
}
