using PerceptualLosses.Common;
using System;
using System.IO;
using System.Text.Json;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// Output folder of a study: remembers its configuration (refusing another one unless forced) and which stages are
/// complete. A stage writes into <c>&lt;name&gt;.partial/</c>, which is renamed to <c>&lt;name&gt;/</c> (one atomic
/// step) only when the stage finishes, so an interrupted stage never leaves partial results that a later run would
/// take for final ones. Several processes may share the folder (shards on a shared filesystem, a requeued task next to
/// its predecessor): a stage runs only under its lock file <c>&lt;name&gt;.lock</c>, so one process runs it while the
/// others wait and then find it complete; a stage never runs twice at once, and the one working folder it resumes
/// from is never written by two processes.
/// </summary>
public sealed class StageStore
{
    /// <summary>File holding the configuration fingerprint.</summary>
    public const string ConfigurationFile = "configuration.json";

    /// <summary>Lock file guarding the configuration check (and a forced clean-up) of the folder.</summary>
    public const string ConfigurationLockFile = "configuration.lock";

    /// <summary>Key by which messages name the output folder (<c>root</c> of the constructor).</summary>
    public const string OutputSetting = "Output";

    /// <summary>Key by which messages name the choice to delete another configuration's results (<c>force</c> of the constructor).</summary>
    public const string ForceSetting = "Force";

    /// <summary>Suffix of a stage's working folder.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>Suffix of a stage's lock file.</summary>
    public const string LockSuffix = ".lock";

    /// <summary>Opens (or creates) the folder for a configuration.</summary>
    /// <param name="root">Output folder.</param>
    /// <param name="configurationJson">The study's configuration, serialised; compared verbatim.</param>
    /// <param name="force">Replace results of another configuration instead of refusing.</param>
    /// <param name="waiting">Told (with a sentence) when a stage is found running in another process and this one waits for it.</param>
    /// <exception cref="InvalidOperationException">The folder holds results of another configuration and <paramref name="force"/> is false;
    /// the message names the settings <see cref="OutputSetting"/> and <see cref="ForceSetting"/> (<see cref="NamedSettings"/>).</exception>
    public StageStore(string root, string configurationJson, bool force, Action<string>? waiting = null)
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
        ArgumentNullException.ThrowIfNull(configurationJson);
        this.waiting = waiting;
        Directory.CreateDirectory(root);
        using var guard = StageLock.Acquire(Path.Combine(root, ConfigurationLockFile), DefaultPollInterval, null);
        string file = Path.Combine(root, ConfigurationFile);
        bool exists = File.Exists(file);
        if (exists && File.ReadAllText(file) != configurationJson)
        {
            if (!force)
            {
                throw new InvalidOperationException(
                    $"{root} holds results of a different configuration (see {file}). Use another {OutputSetting} folder, or {ForceSetting} to delete them.")
                    .Naming(new[] { OutputSetting, ForceSetting });
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(root))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else if (Path.GetFileName(entry) != ConfigurationLockFile)
                {
                    File.Delete(entry);
                }
            }

            exists = false;
        }

        if (!exists)
        {
            // Written beside and renamed into place: a process reading it concurrently sees the old file or the whole new one.
            string temporary = $"{file}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, configurationJson);
            File.Move(temporary, file, overwrite: true);
        }
    }

    private readonly Action<string>? waiting;

    /// <summary>Default of <see cref="PollInterval"/>.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Time between attempts to take a stage lock that another process holds.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>The output folder.</summary>
    public string Root { get; }

    /// <summary>Final folder of a stage.</summary>
    public string StageDirectory(string stage) => Path.Combine(Root, stage);

    /// <summary>Whether a stage finished.</summary>
    public bool IsComplete(string stage) => IsComplete(Root, stage);

    /// <summary>Whether a stage finished in output folder <paramref name="root"/>, without opening it as a store (a dry run reads only).</summary>
    /// <param name="root">The output folder.</param>
    /// <param name="stage">The stage (<see cref="PlannedStage.Name"/>).</param>
    public static bool IsComplete(string root, string stage) => Directory.Exists(Path.Combine(root, stage)); // published by an atomic rename

    /// <summary>
    /// Runs <paramref name="work"/> in the stage's working folder unless the stage is complete; returns whether it ran.
    /// The working folder survives an interruption, so work that checkpoints itself there (training) resumes. When
    /// another process is running the stage, waits for it to finish (or die) first: then the stage is complete and
    /// nothing runs, or it was interrupted and this process resumes it.
    /// </summary>
    /// <param name="stage">Stage name (a relative folder).</param>
    /// <param name="work">The work, given its working folder.</param>
    public bool Run(string stage, Action<string> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (IsComplete(stage))
        {
            return false;
        }

        string final = StageDirectory(stage);
        var held = StageLock.Acquire(final + LockSuffix, PollInterval, () => waiting?.Invoke($"{stage} is being run by another process sharing {Root}; waiting for it (lock {final}{LockSuffix})."));
        bool ran = false;
        try
        {
            if (!IsComplete(stage)) // else the other process finished it
            {
                string partial = final + PartialSuffix;
                Directory.CreateDirectory(partial);
                work(partial);
                Directory.Move(partial, final);
                ran = true;
            }
        }
        catch
        {
            held.Dispose();
            throw;
        }

        // Deleted only now that the stage is complete: whoever takes a lock on this file (or on a new one) afterwards
        // checks completeness first and leaves.
        held.ReleaseAndDelete();
        return ran;
    }

    /// <summary>Serialises a configuration object the way <see cref="StageStore"/> compares it.</summary>
    public static string Serialize<T>(T configuration) => JsonSerializer.Serialize(configuration, Indented);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
