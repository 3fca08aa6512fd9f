using System;
using System.IO;
using System.Text.Json;

namespace PerceptualLosses.Reproduction.Pipeline;

/// <summary>
/// Output folder of a study: remembers its configuration (refusing another one unless forced) and which stages are
/// complete. A stage writes into <c>&lt;name&gt;.partial/</c>, which becomes <c>&lt;name&gt;/</c> only when the stage
/// finishes, so an interrupted stage never leaves partial results that a later run would take for final ones.
/// </summary>
public sealed class StageStore
{
    /// <summary>File holding the configuration fingerprint.</summary>
    public const string ConfigurationFile = "configuration.json";

    /// <summary>Opens (or creates) the folder for a configuration.</summary>
    /// <param name="root">Output folder.</param>
    /// <param name="configurationJson">The study's configuration, serialised; compared verbatim.</param>
    /// <param name="force">Replace results of another configuration instead of refusing.</param>
    /// <exception cref="InvalidOperationException">The folder holds results of another configuration and <paramref name="force"/> is false.</exception>
    public StageStore(string root, string configurationJson, bool force)
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
        ArgumentNullException.ThrowIfNull(configurationJson);
        Directory.CreateDirectory(root);
        string file = Path.Combine(root, ConfigurationFile);
        if (File.Exists(file) && File.ReadAllText(file) != configurationJson)
        {
            if (!force)
            {
                throw new InvalidOperationException(
                    $"{root} holds results of a different configuration (see {file}). Use another --out folder, or --force to delete them.");
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(root))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        File.WriteAllText(file, configurationJson);
    }

    /// <summary>The output folder.</summary>
    public string Root { get; }

    /// <summary>Final folder of a stage.</summary>
    public string StageDirectory(string stage) => Path.Combine(Root, stage);

    /// <summary>Whether a stage finished.</summary>
    public bool IsComplete(string stage) => Directory.Exists(StageDirectory(stage));

    /// <summary>
    /// Runs <paramref name="work"/> in the stage's working folder unless the stage is complete; returns whether it ran.
    /// The working folder survives an interruption, so work that checkpoints itself there (training) resumes.
    /// </summary>
    /// <param name="stage">Stage name (a relative folder).</param>
    /// <param name="work">The work, given its working folder.</param>
    /// <param name="shared">
    /// The stage may run in several processes at once (shards sharing the folder): each works in a folder of its own and
    /// the first to finish wins; the others discard their copy. For stages that do not resume.
    /// </param>
    public bool Run(string stage, Action<string> work, bool shared = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (IsComplete(stage))
        {
            return false;
        }

        string partial = StageDirectory(stage) + (shared ? $".partial-{Environment.ProcessId}-{Guid.NewGuid():N}" : ".partial");
        Directory.CreateDirectory(partial);
        work(partial);
        try
        {
            Directory.Move(partial, StageDirectory(stage));
        }
        catch (IOException) when (shared && IsComplete(stage))
        {
            Directory.Delete(partial, recursive: true);
            return false;
        }

        return true;
    }

    /// <summary>Serialises a configuration object the way <see cref="StageStore"/> compares it.</summary>
    public static string Serialize<T>(T configuration) => JsonSerializer.Serialize(configuration, Indented);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
