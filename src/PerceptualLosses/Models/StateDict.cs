using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// A weights file read once: its tensors (CPU, keys as stored), format and the checkpoint entries left out, with the
/// layout detected from the keys. Disposing it frees every tensor; models loaded from it keep their own copies.
/// </summary>
public sealed class StateDict : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoRenames = new Dictionary<string, string>();
    private readonly Dictionary<string, Tensor> tensors;
    private WeightArchitecture? architecture;

    private StateDict(string source, Dictionary<string, Tensor> tensors, WeightFormat format, IReadOnlyList<string> ignoredEntries)
    {
        Source = source;
        this.tensors = tensors;
        Format = format;
        IgnoredEntries = ignoredEntries;
    }

    /// <summary>The file it was read from.</summary>
    public string Source { get; }

    /// <summary>The format the file was read as.</summary>
    public WeightFormat Format { get; }

    /// <summary>Checkpoint entries beside the state dict that were not read (optimizer state, epoch counters, …).</summary>
    public IReadOnlyList<string> IgnoredEntries { get; }

    /// <summary>What the keys and shapes say the file holds (<see cref="WeightLayouts.Detect"/>).</summary>
    public WeightArchitecture Architecture =>
        architecture ??= WeightLayouts.Detect(tensors.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal));

    /// <summary>Whether the file is a MadryLab robustness checkpoint (<c>module.model.*</c> keys and normalizer buffers).</summary>
    public bool IsRobustnessCheckpoint => RobustnessCheckpoint.IsRobustnessLayout(tensors);

    /// <summary>The tensors by key as stored in the file (CPU); they live until this is disposed.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => tensors;

    /// <summary>Reads a weights file (see <see cref="ModelWeights.Read"/> for the formats).</summary>
    /// <param name="path">Weights file.</param>
    /// <param name="format">File format; detected from the first bytes when <see cref="WeightFormat.Auto"/>.</param>
    /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="System.IO.InvalidDataException">The file is corrupt, truncated, empty, holds no tensors or is in an unsupported format.</exception>
    public static StateDict Read(string path, WeightFormat format = WeightFormat.Auto)
    {
        var (read, detected, ignored) = ModelWeights.ReadDetailed(Guard.NotNull(path), format);
        return new StateDict(path, read, detected, ignored);
    }

    /// <summary>The model's own keys (<see cref="WeightKeys.ModelKeys"/>), sharing these tensors.</summary>
    public IReadOnlyDictionary<string, Tensor> ModelKeys() => WeightKeys.ModelKeys(tensors);

    /// <summary>Copies the tensors into <paramref name="module"/> as <see cref="ModelWeights.Load"/> does; strict by default.</summary>
    /// <param name="module">Target model.</param>
    /// <param name="options">Key mapping and strictness; <see cref="WeightLoadOptions.Default"/> when null.</param>
    /// <exception cref="WeightLoadException">Strict load and the keys or shapes do not match; the model is unchanged.</exception>
    public WeightLoadReport LoadInto(nn.Module module, WeightLoadOptions? options = null) =>
        ModelWeights.Apply(Guard.NotNull(module), tensors, options ?? WeightLoadOptions.Default, Source, Format, NoRenames, Array.Empty<string>()) with { IgnoredEntries = IgnoredEntries };

    /// <summary>Loads a robustness checkpoint's classifier into <paramref name="module"/> as <see cref="RobustnessCheckpoint.Load"/> does.</summary>
    /// <param name="module">Target model.</param>
    /// <param name="strict">true: any missing/unexpected/mismatched key is an error.</param>
    /// <param name="expectedMean">Normalization mean the model applies (default ImageNet).</param>
    /// <param name="expectedStd">Normalization std the model applies (default ImageNet).</param>
    public WeightLoadReport LoadRobustnessInto(nn.Module module, bool strict = true, IReadOnlyList<float>? expectedMean = null, IReadOnlyList<float>? expectedStd = null) =>
        RobustnessCheckpoint.Apply(Guard.NotNull(module), tensors, Source, strict, expectedMean, expectedStd, Format) with { IgnoredEntries = IgnoredEntries };

    /// <summary>Loads either layout strictly: a robustness checkpoint (<see cref="LoadRobustnessInto"/>) or a plain state dict (<see cref="LoadInto"/>).</summary>
    /// <param name="module">Target model.</param>
    public WeightLoadReport LoadEitherLayoutInto(nn.Module module) => IsRobustnessCheckpoint ? LoadRobustnessInto(module) : LoadInto(module);

    /// <summary>Frees every tensor read from the file.</summary>
    public void Dispose()
    {
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }

        tensors.Clear();
    }
}
