using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PerceptualLosses.Common;

/// <summary>
/// The libraries' messages name the settings a user changes by their keys (options properties such as
/// <c>LpipsWeights</c>, configuration keys such as <c>Lpips.LinWeights</c>), never by a front end's names for them. An
/// exception records the keys it names; a front end (the CLI) renames them with <see cref="Describe"/>.
/// </summary>
public static class NamedSettings
{
    // The key earlier versions (NamedSettings) used, so exceptions recorded by either read the same.
    private const string DataKey = "PerceptualLosses.Study.Settings";

    /// <summary>Records that <paramref name="error"/>'s message names <paramref name="settings"/>; returns it.</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <param name="error">The exception.</param>
    /// <param name="settings">The setting keys its message names.</param>
    public static TException Naming<TException>(this TException error, IEnumerable<string> settings)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(settings);
        error.Data[DataKey] = Named(error).Concat(settings).Distinct(StringComparer.Ordinal).ToArray();
        return error;
    }

    /// <summary>The setting keys <paramref name="error"/>'s message names (none when it records none).</summary>
    /// <param name="error">The exception.</param>
    public static IReadOnlyList<string> Named(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Data[DataKey] as string[] ?? Array.Empty<string>();
    }

    /// <summary>
    /// <paramref name="text"/> with each of <paramref name="settings"/> (as a whole key: <c>VggWeights</c> is not renamed
    /// inside <c>RobustVggWeights</c>) replaced by <paramref name="rename"/>'s name for it; kept where that is null.
    /// </summary>
    /// <param name="text">A message that names settings by their keys.</param>
    /// <param name="settings">The keys it names.</param>
    /// <param name="rename">The front end's name of a key, or null to keep the key.</param>
    public static string Rename(string text, IEnumerable<string> settings, Func<string, string?> rename)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rename);
        foreach (string setting in settings.OrderByDescending(s => s.Length))
        {
            if (rename(setting) is string name)
            {
                text = Regex.Replace(text, $@"(?<![\w.\[]){Regex.Escape(setting)}(?![\w\[]|\.\w)", name.Replace("$", "$$", StringComparison.Ordinal), RegexOptions.CultureInvariant);
            }
        }

        return text;
    }

    /// <summary><paramref name="error"/>'s message with the settings it names renamed (<see cref="Rename"/>).</summary>
    /// <param name="error">The exception.</param>
    /// <param name="rename">The front end's name of a key, or null to keep the key.</param>
    public static string Describe(Exception error, Func<string, string?> rename)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Rename(error.Message, Named(error), rename);
    }
}
