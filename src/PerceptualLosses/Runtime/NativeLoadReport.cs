using System.Collections.Generic;

namespace PerceptualLosses.Runtime;

/// <summary>What <see cref="TorchRuntime.EnsureLoaded"/> did, for diagnostics (<c>perceptual info</c>).</summary>
/// <param name="Mode">The path taken.</param>
/// <param name="OriginalPath">The packaged <c>libLibTorchSharp.so</c>, when found.</param>
/// <param name="LoadedPath">The file that was loaded (the original or the patched copy).</param>
/// <param name="WeakenedVersions">Version requirements marked weak in the patched copy.</param>
/// <param name="Trace">Every step tried, in order.</param>
public sealed record NativeLoadReport(
    NativeLoadMode Mode,
    string? OriginalPath,
    string? LoadedPath,
    IReadOnlyList<string> WeakenedVersions,
    IReadOnlyList<string> Trace);
