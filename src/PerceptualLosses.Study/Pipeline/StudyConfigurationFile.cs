using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using PerceptualLosses.Study.Runs;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// A JSON file that overrides any part of a preset (<c>--config</c>): its keys are <see cref="StudyConfiguration"/>'s
/// property names; objects merge key by key, everything else replaces the preset's value. Unknown keys are an error.
/// </summary>
public static class StudyConfigurationFile
{
    /// <summary>The preset with the file's values applied.</summary>
    /// <exception cref="ArgumentException">Missing file, invalid JSON, unknown keys, values of the wrong type, or an enum setting
    /// (<c>Layers</c>, <c>Model</c>, <c>Protocol</c>) that is none of its names in <see cref="SettingNames"/> (the key and the names).</exception>
    public static StudyConfiguration Apply(StudyConfiguration preset, string path)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"study configuration '{path}' does not exist.", nameof(path));
        }

        JsonNode? overrides;
        try
        {
            overrides = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"study configuration '{path}' is not valid JSON: {e.Message}", nameof(path), e);
        }

        if (overrides is not JsonObject changes)
        {
            throw new ArgumentException($"study configuration '{path}' must hold a JSON object with StudyConfiguration keys.", nameof(path));
        }

        var basis = JsonSerializer.SerializeToNode(preset)!.AsObject();
        Overlay(basis, changes, path, "");
        try
        {
            return basis.Deserialize<StudyConfiguration>() ?? throw new ArgumentException($"study configuration '{path}' produced no configuration.", nameof(path));
        }
        catch (SettingNameJsonException e)
        {
            // An enum setting with another name: the key and the names it takes.
            throw new ArgumentException($"study configuration '{path}': {Key(e.Path)} {e.Message}", nameof(path), e);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"study configuration '{path}': a value has the wrong type ({e.Path}): {e.Message}", nameof(path), e);
        }
    }

    private static string Key(string? jsonPath) => jsonPath is null ? "a value" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    private static void Overlay(JsonObject basis, JsonObject changes, string path, string prefix)
    {
        foreach (var (key, value) in changes.ToArray())
        {
            if (!basis.ContainsKey(key))
            {
                throw new ArgumentException($"study configuration '{path}': unknown key '{prefix}{key}'; known: {string.Join(", ", basis.Select(kv => kv.Key))}.", nameof(path));
            }

            if (value is JsonObject inner && basis[key] is JsonObject existing)
            {
                Overlay(existing, inner, path, $"{prefix}{key}.");
            }
            else
            {
                basis[key] = value?.DeepClone();
            }
        }
    }
}
