using PerceptualLosses.Common;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// Combines the output folders of shards (<c>--shard i/n</c> run on several machines or into several folders) into one:
/// complete stages are copied over, partial ones never, and only once every stage is complete in some folder; every
/// folder must hold the same configuration.
/// </summary>
public static class StudyMerge
{
    /// <summary>Key by which messages name the shard folders merged from (<c>sources</c>; <see cref="NamedSettings"/>).</summary>
    public const string SourcesSetting = "Sources";

    /// <summary>The configuration stored in an output folder.</summary>
    /// <exception cref="InvalidDataException">The folder has no readable configuration file.</exception>
    public static StudyConfiguration ReadConfiguration(string folder)
    {
        string file = Path.Combine(folder, StageStore.ConfigurationFile);
        if (!File.Exists(file))
        {
            throw new InvalidDataException($"'{folder}' is not a study output folder: it has no {StageStore.ConfigurationFile}.");
        }

        try
        {
            return JsonSerializer.Deserialize<StudyConfiguration>(File.ReadAllText(file))
                ?? throw new InvalidDataException($"{file} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not a study configuration: {e.Message}", e);
        }
    }

    /// <summary>
    /// The stages (all but the report) that are complete in neither <paramref name="target"/> nor any of
    /// <paramref name="sources"/>, each marked "(in progress or interrupted)" where some folder holds its working folder.
    /// </summary>
    /// <exception cref="InvalidDataException">Neither the target nor any source holds a configuration (no shard has started); names <see cref="SourcesSetting"/>.</exception>
    public static IReadOnlyList<string> MissingStages(string target, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        var folders = sources.Prepend(target).ToArray();
        string? configured = folders.FirstOrDefault(f => File.Exists(Path.Combine(f, StageStore.ConfigurationFile)));
        if (configured is null)
        {
            throw new InvalidDataException(
                $"Nothing to merge: neither '{target}' nor any {SourcesSetting} folder holds a {StageStore.ConfigurationFile}, so no shard has started yet.")
                .Naming(new[] { SourcesSetting });
        }

        return new StudyPlan(ReadConfiguration(configured)).Stages
            .Where(s => s.Kind != "report" && !folders.Any(f => Directory.Exists(Path.Combine(f, s.Name))))
            .Select(s => folders.Any(f => Directory.Exists(Path.Combine(f, s.Name) + StageStore.PartialSuffix)) ? $"{s.Name} (in progress or interrupted)" : s.Name)
            .ToArray();
    }

    /// <summary>
    /// Checks the merge target before anything is read: it must not be a file, and without sources it must be an
    /// existing study output folder (with sources it may be a new folder to merge into).
    /// </summary>
    /// <param name="target">The study's output folder.</param>
    /// <param name="hasSources">Whether shard folders are merged into it.</param>
    /// <exception cref="ArgumentException">The target is a file, or missing without sources; names <see cref="StageStore.OutputSetting"/> and <see cref="SourcesSetting"/>.</exception>
    public static void CheckTarget(string target, bool hasSources)
    {
        ArgumentNullException.ThrowIfNull(target);
        string output = StageStore.OutputSetting;
        if (File.Exists(target))
        {
            throw new ArgumentException($"{output} '{target}' is a file; expected the study's output folder.", nameof(target)).Naming(new[] { output });
        }

        if (!Directory.Exists(target) && !hasSources)
        {
            throw new ArgumentException($"{output} '{target}' does not exist; expected the study's output folder (or give {SourcesSetting} shard folders to merge into a new one).", nameof(target))
                .Naming(new[] { output, SourcesSetting });
        }
    }

    /// <summary>
    /// Copies every complete stage of <paramref name="sources"/> that <paramref name="target"/> lacks, once every stage
    /// is complete somewhere; otherwise copies nothing.
    /// </summary>
    /// <returns>The stages copied, as "source: stage".</returns>
    /// <exception cref="StudyIncompleteException">Some stage is complete in no folder (names them); nothing was copied.</exception>
    /// <exception cref="InvalidOperationException">A source holds another configuration than the target (or than the first source).</exception>
    public static IReadOnlyList<string> Merge(string target, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        string targetFile = Path.Combine(target, StageStore.ConfigurationFile);
        string? configuration = File.Exists(targetFile) ? File.ReadAllText(targetFile) : null;
        foreach (string source in sources)
        {
            ReadConfiguration(source);
            string text = File.ReadAllText(Path.Combine(source, StageStore.ConfigurationFile));
            configuration ??= text;
            if (text != configuration)
            {
                throw new InvalidOperationException($"'{source}' holds results of another configuration than '{target}' ({StageStore.ConfigurationFile} differs); shards of one study share one configuration.");
            }
        }

        var missing = MissingStages(target, sources);
        if (missing.Count > 0)
        {
            throw new StudyIncompleteException(missing);
        }

        var copied = new List<string>();
        if (sources.Count == 0)
        {
            return copied;
        }

        Directory.CreateDirectory(target);
        if (!File.Exists(targetFile))
        {
            File.WriteAllText(targetFile, configuration);
        }

        var stages = new StudyPlan(ReadConfiguration(target)).Stages;
        foreach (string source in sources)
        {
            foreach (var stage in stages)
            {
                string from = Path.Combine(source, stage.Name), to = Path.Combine(target, stage.Name);
                if (stage.Kind == "report" || !Directory.Exists(from) || Directory.Exists(to))
                {
                    continue;
                }

                // Under the stage's lock, as a shard writing into the target would take it; copied under a working
                // name first, so an interrupted merge never leaves a stage that looks complete.
                using var held = StageLock.Acquire(to + StageStore.LockSuffix, StageStore.DefaultPollInterval, null);
                if (Directory.Exists(to))
                {
                    held.ReleaseAndDelete();
                    continue;
                }

                string partial = to + ".merging";
                if (Directory.Exists(partial))
                {
                    Directory.Delete(partial, recursive: true);
                }

                Copy(from, partial);
                Directory.Move(partial, to);
                held.ReleaseAndDelete();
                copied.Add($"{source}: {stage.Name}");
            }
        }

        return copied;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
