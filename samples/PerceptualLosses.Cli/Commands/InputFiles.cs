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
        catch (Exception e) when (ErrorPolicy.IsUserError(e) && !OptionNames.Message(e).Contains(option, StringComparison.Ordinal))
        {
            // The libraries name the file, not the option: the option is the CLI's to add (and the settings' options, OptionNames).
            string message = OptionNames.Message(e);
            throw new UserInputException(message.Contains(path, StringComparison.Ordinal) ? $"{option}: {message}" : $"{option} '{path}': {message}", e);
        }
    }
}
