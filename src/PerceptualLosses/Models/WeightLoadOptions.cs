using System;
using System.Collections.Generic;

namespace PerceptualLosses.Models;

/// <summary>How <see cref="ModelWeights"/> maps a file's state dict onto a model.</summary>
/// <param name="Strict">true: any missing, unexpected or shape-mismatched key is an error and nothing is loaded; false: load what matches and report the rest.</param>
/// <param name="StripPrefixes">Key prefixes removed (first match, repeatedly) before matching, e.g. <c>module.</c> added by <c>DataParallel</c>.</param>
/// <param name="IgnoredPrefixes">File keys starting with one of these (after stripping) are dropped and listed in <see cref="WeightLoadReport.DroppedKeys"/>, e.g. <c>classifier.</c> when loading a full VGG into a features-only model.</param>
public sealed record WeightLoadOptions(bool Strict, IReadOnlyList<string> StripPrefixes, IReadOnlyList<string> IgnoredPrefixes)
{
    /// <summary>Strict, strips <c>module.</c>, ignores nothing.</summary>
    public static WeightLoadOptions Default { get; } = new(true, new[] { WeightKeys.DataParallel }, Array.Empty<string>());

    /// <summary>Like <see cref="Default"/> but loads what matches and reports the rest.</summary>
    public static WeightLoadOptions NonStrict { get; } = Default with { Strict = false };
}
