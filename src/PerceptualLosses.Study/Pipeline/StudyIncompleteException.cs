using System;
using System.Collections.Generic;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>A merge found stages that no folder holds complete (shards still running, failed or never started); nothing was merged.</summary>
public sealed class StudyIncompleteException : InvalidOperationException
{
    /// <summary>Creates the exception for the stages missing.</summary>
    public StudyIncompleteException(IReadOnlyList<string> missing)
        : base(Describe(missing ?? throw new ArgumentNullException(nameof(missing))))
    {
        Missing = missing;
    }

    /// <summary>Creates the exception with a message only (no stages listed).</summary>
    public StudyIncompleteException()
        : this(Array.Empty<string>())
    {
    }

    /// <summary>Creates the exception with a message only (no stages listed).</summary>
    public StudyIncompleteException(string message)
        : base(message)
    {
        Missing = Array.Empty<string>();
    }

    /// <summary>Creates the exception with a message and a cause (no stages listed).</summary>
    public StudyIncompleteException(string message, Exception innerException)
        : base(message, innerException)
    {
        Missing = Array.Empty<string>();
    }

    /// <summary>The stages complete in no folder (with "(in progress or interrupted)" where a working folder exists).</summary>
    public IReadOnlyList<string> Missing { get; }

    private static string Describe(IReadOnlyList<string> missing) =>
        $"{missing.Count} stage(s) are complete in none of the folders, so nothing was merged and no report written: {string.Join(", ", missing)}. "
        + "Wait for (or rerun) the shards that own them, then merge again; on Slurm, make the merge job depend on the array job's success (afterok), as the emitted submit.sh does.";
}
