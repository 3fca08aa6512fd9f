using System;

namespace PerceptualLosses.Cli.Commands;

/// <summary>Reading a file the user named: errors that do not say which file it was are re-raised naming the option and the path.</summary>
internal static class InputFiles
{
    public static T Load<T>(string option, string path, Func<T> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            return load();
        }
        catch (Exception e) when (ErrorPolicy.IsUserError(e) && !e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new UserInputException($"{option} '{path}': {e.Message}", e);
        }
    }
}
