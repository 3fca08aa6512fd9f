using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PerceptualLosses.Models;

/// <summary>What happened when a state dict was mapped onto a model: which keys were used, missing, unexpected, mismatched or dropped.</summary>
/// <param name="Source">File path or a description of the state dict.</param>
/// <param name="Format">Format the file was read as.</param>
/// <param name="LoadedKeys">Model keys that received values.</param>
/// <param name="MissingKeys">Model keys with no entry in the file.</param>
/// <param name="UnexpectedKeys">File keys (after prefix mapping) the model does not have.</param>
/// <param name="ShapeMismatches">Keys present in both with different shapes.</param>
/// <param name="DroppedKeys">File keys removed on purpose (ignored prefixes, duplicate copies, normalizer buffers).</param>
/// <param name="RenamedKeys">Original file key → model key, for keys whose name was changed by prefix mapping.</param>
public sealed record WeightLoadReport(
    string Source,
    WeightFormat Format,
    IReadOnlyList<string> LoadedKeys,
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<WeightShapeMismatch> ShapeMismatches,
    IReadOnlyList<string> DroppedKeys,
    IReadOnlyDictionary<string, string> RenamedKeys)
{
    /// <summary>Checkpoint entries beside the state dict that were not read (e.g. <c>optimizer (dict, 2 entries, 62 tensors)</c>, <c>epoch = 90</c>).</summary>
    public IReadOnlyList<string> IgnoredEntries { get; init; } = Array.Empty<string>();

    /// <summary>true when every model key was loaded and nothing unexpected or mismatched was found.</summary>
    public bool IsComplete => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>Multi-line description listing every problem (empty lists are omitted).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"{Source} ({Format}): {LoadedKeys.Count} key(s) matched"));
        Append(text, "missing (in the model, not in the file)", MissingKeys);
        Append(text, "unexpected (in the file, not in the model)", UnexpectedKeys);
        Append(text, "shape mismatch", ShapeMismatches.Select(m => m.ToString()).ToArray());
        Append(text, "dropped", DroppedKeys);
        Append(text, "checkpoint entries not read", IgnoredEntries);
        return text.ToString();
    }

    /// <summary>One paragraph: how many keys matched and the first few of each problem (<see cref="Describe"/> lists them all).</summary>
    /// <param name="examples">Keys shown per problem.</param>
    public string Summarize(int examples = 3)
    {
        int modelKeys = LoadedKeys.Count + MissingKeys.Count + ShapeMismatches.Count;
        var parts = new List<string>();
        AppendShort(parts, "missing from the file", MissingKeys, examples);
        AppendShort(parts, "not in the model", UnexpectedKeys, examples);
        AppendShort(parts, "with another shape", ShapeMismatches.Select(m => m.ToString()).ToArray(), examples);
        string problems = parts.Count == 0 ? "" : "; " + string.Join("; ", parts);
        return FormattableString.Invariant($"{Source} ({Format}): {LoadedKeys.Count} of {modelKeys} model keys matched{problems}.");
    }

    private static void AppendShort(List<string> parts, string title, IReadOnlyList<string> keys, int examples)
    {
        if (keys.Count > 0)
        {
            string more = keys.Count > examples ? ", …" : "";
            parts.Add(FormattableString.Invariant($"{keys.Count} {title} ({string.Join(", ", keys.Take(examples))}{more})"));
        }
    }

    private static void Append(StringBuilder text, string title, IReadOnlyList<string> keys)
    {
        if (keys.Count > 0)
        {
            text.Append(FormattableString.Invariant($"\n  {keys.Count} {title}: {string.Join(", ", keys)}"));
        }
    }
}
