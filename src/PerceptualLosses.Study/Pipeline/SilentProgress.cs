using System;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>Progress that shows nothing.</summary>
public sealed class SilentProgress : IStudyProgress
{
    /// <summary>The one instance.</summary>
    public static SilentProgress Instance { get; } = new();

    /// <inheritdoc />
    public void Run(string title, double total, Action<Action<double, string>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        work((_, _) => { });
    }
}
