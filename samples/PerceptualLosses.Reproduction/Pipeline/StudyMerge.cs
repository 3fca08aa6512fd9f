using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace PerceptualLosses.Reproduction.Pipeline;

/// <summary>
/// Combines the output folders of shards (<c>--shard i/n</c> run on several machines or into several folders) into one:
/// complete stages are copied over, partial ones never; every folder must hold the same configuration.
/// </summary>
public static class StudyMerge
{
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

    /// <summary>Copies every complete stage of <paramref name="sources"/> that <paramref name="target"/> lacks.</summary>
    /// <returns>The stages copied, as "source: stage".</returns>
    /// <exception cref="InvalidOperationException">A source holds another configuration than the target (or than the first source).</exception>
    public static IReadOnlyList<string> Merge(string target, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        string targetFile = Path.Combine(target, StageStore.ConfigurationFile);
        string? configuration = File.Exists(targetFile) ? File.ReadAllText(targetFile) : null;
        var copied = new List<string>();
        foreach (string source in sources)
        {
            var stored = ReadConfiguration(source);
            string text = File.ReadAllText(Path.Combine(source, StageStore.ConfigurationFile));
            configuration ??= text;
            if (text != configuration)
            {
                throw new InvalidOperationException($"'{source}' holds results of another configuration than '{target}' ({StageStore.ConfigurationFile} differs); shards of one study share one configuration.");
            }

            Directory.CreateDirectory(target);
            File.WriteAllText(targetFile, configuration);
            foreach (var stage in new StudyPlan(stored).Stages)
            {
                string from = Path.Combine(source, stage.Name), to = Path.Combine(target, stage.Name);
                if (stage.Kind == "report" || !Directory.Exists(from) || Directory.Exists(to))
                {
                    continue;
                }

                // Copied under the partial name first, so an interrupted merge never leaves a stage that looks complete.
                string partial = to + ".merging";
                if (Directory.Exists(partial))
                {
                    Directory.Delete(partial, recursive: true);
                }

                Copy(from, partial);
                Directory.Move(partial, to);
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
