using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using PerceptualLosses.Common;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// Loads and saves model weights as PyTorch <c>.pt/.pth</c> state dicts, safetensors and TorchSharp's native format,
/// with strict key checking and a report of how keys mapped.
/// </summary>
/// <remarks>
/// PyTorch files, zip (PyTorch ≥ 1.6) and legacy (the format of torchvision's, robustness' and LPIPS' published files),
/// are read by one pickle reader (Razorvine's pickle machine, as TorchSharp.PyBridge uses, with torch's persistent
/// storages and strided views added) that reads only the storages of the state dict it returns. Checkpoints that
/// nest the state dict (<c>{"state_dict": …}</c>, <c>{"model": …}</c>, as MadryLab robustness and many training scripts
/// save) and <c>DataParallel</c>'s <c>module.</c> prefix are handled before keys are matched; the other checkpoint
/// entries (optimizer state, epoch, …) are not read and are listed in <see cref="WeightLoadReport.IgnoredEntries"/>. Saved <c>.pth</c> files are
/// written by PyBridge's <c>PyTorchPickler</c> and load with <c>torch.load</c> + <c>load_state_dict</c> (checked with
/// PyTorch 1.13, see tests/PerceptualLosses.Tests/Fixtures/Models/README.md).
/// Matching happens before anything is copied: a strict load that fails leaves the model untouched.
/// </remarks>
public static class ModelWeights
{
    private static readonly string[] PyTorchExtensions = { ".pt", ".pth", ".bin", ".ckpt" };
    private static readonly string[] SafetensorsExtensions = { ".safetensors" };
    private static readonly string[] TorchSharpExtensions = { ".dat", ".tsdat" };

    /// <summary>Reads a weights file into a flat CPU state dict (nested <c>state_dict</c>/<c>model</c> entries unwrapped; keys unchanged).</summary>
    /// <param name="path">Weights file.</param>
    /// <param name="format">File format; <see cref="WeightFormat.Auto"/> detects it from the first bytes (either PyTorch format is read whichever of the two is named).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated, empty, holds no tensors or is in an unsupported format.</exception>
    public static Dictionary<string, Tensor> Read(string path, WeightFormat format = WeightFormat.Auto) => ReadDetailed(path, format).Tensors;

    /// <summary>Reads a weights file as <see cref="Read"/> does, also returning its format and the checkpoint entries that were left out.</summary>
    internal static (Dictionary<string, Tensor> Tensors, WeightFormat Format, IReadOnlyList<string> Ignored) ReadDetailed(string path, WeightFormat format = WeightFormat.Auto)
    {
        Guard.FileExists(path);
        var detected = format == WeightFormat.Auto ? Detect(path) : format;
        try
        {
            switch (detected)
            {
                case WeightFormat.PyTorch:
                case WeightFormat.PyTorchLegacy:
                    return ReadPickled(path);
                case WeightFormat.Safetensors:
                    return (Safetensors.LoadStateDict(path), detected, Array.Empty<string>());
                case WeightFormat.TorchSharp:
                    return (ReadTorchSharp(path), detected, Array.Empty<string>());
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown weight format.");
            }
        }
        catch (Exception e) when (e is not InvalidDataException and not ArgumentException)
        {
            throw new InvalidDataException($"Could not read '{path}' as {detected} weights: {e.Message}", e);
        }
    }

    /// <summary>Reads the state dict of a zip or legacy <c>torch.save</c> file; only its tensors' storages are read from disk.</summary>
    private static (Dictionary<string, Tensor> Tensors, WeightFormat Format, IReadOnlyList<string> Ignored) ReadPickled(string path)
    {
        using var file = PickledCheckpoint.Open(path);
        var (chosen, ignored) = PickledStateDict.Select(file.Root, path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (key, tensor) in chosen)
            {
                tensors[key] = file.Materialize(tensor, key);
            }
        }
        catch
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }

            throw;
        }

        return (tensors, file.Format, ignored);
    }

    /// <summary>
    /// Describes a weights file without loading it into a model: format, key layout and the architecture it implies,
    /// tensor and parameter counts, SHA-256, and whether its torch.hub-style name (<c>vgg19-dcbb9e9d.pth</c>) matches its hash.
    /// Only the pickle of a PyTorch file is read, not its tensor data.
    /// </summary>
    /// <param name="path">Weights file.</param>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated, empty or holds no tensors.</exception>
    public static WeightFileInfo Inspect(string path)
    {
        Guard.FileExists(path);
        var format = Detect(path);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        long parameters = 0, bytes = 0;
        IReadOnlyList<string> ignored;
        if (format is WeightFormat.PyTorch or WeightFormat.PyTorchLegacy)
        {
            using var file = PickledCheckpoint.Open(path);
            var (chosen, skipped) = PickledStateDict.Select(file.Root, path);
            ignored = skipped;
            var views = new HashSet<(PickledStorage, long, string)>();
            foreach (var (key, tensor) in chosen)
            {
                shapes[key] = tensor.Shape;
                if (views.Add((tensor.Storage, tensor.StorageOffset, string.Join(",", tensor.Shape))))
                {
                    parameters += tensor.Numel;
                }
            }

            bytes = chosen.Select(c => c.Value.Storage).Distinct().Sum(s => s.Numel * s.ElementSize);
        }
        else
        {
            var (tensors, _, skipped) = ReadDetailed(path, format);
            ignored = skipped;
            foreach (var (key, tensor) in tensors)
            {
                shapes[key] = tensor.shape;
                parameters += tensor.numel();
                bytes += tensor.numel() * tensor.ElementSize;
                tensor.Dispose();
            }
        }

        string sha;
        using (var stream = File.OpenRead(path))
        {
            sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)).ToLowerInvariant();
        }

        var architecture = WeightLayouts.Detect(shapes);
        var warnings = new List<string>();
        var (known, warning) = PublishedWeights.Check(path, sha);
        if (warning is not null)
        {
            warnings.Add(warning);
        }

        if (architecture.Layout == WeightLayout.Unknown)
        {
            architecture = architecture with { Description = $"a state dict of no known layout ({WeightLayouts.Unknown(shapes.Keys)})" };
        }

        return new WeightFileInfo(path, format, architecture, shapes.Count, parameters, bytes, new FileInfo(path).Length, sha, known, warnings, ignored, shapes.Keys.Take(5).ToArray());
    }

    /// <summary>Loads a weights file into <paramref name="module"/>; strict by default.</summary>
    /// <param name="module">Target model; its parameters keep their device and dtype.</param>
    /// <param name="path">Weights file (.pt/.pth, .safetensors or TorchSharp native).</param>
    /// <param name="options">Key mapping and strictness; <see cref="WeightLoadOptions.Default"/> when null.</param>
    /// <returns>Which keys were loaded, missing, unexpected, mismatched or dropped.</returns>
    /// <exception cref="WeightLoadException">Strict load and the keys or shapes do not match; the model is unchanged.</exception>
    public static WeightLoadReport Load(nn.Module module, string path, WeightLoadOptions? options = null)
    {
        Guard.NotNull(module);
        using var stateDict = StateDict.Read(path);
        return stateDict.LoadInto(module, options);
    }

    /// <summary>Copies a state dict into <paramref name="module"/>; strict by default.</summary>
    /// <param name="module">Target model.</param>
    /// <param name="stateDict">Key → tensor; tensors are copied, not taken over.</param>
    /// <param name="options">Key mapping and strictness; <see cref="WeightLoadOptions.Default"/> when null.</param>
    /// <param name="source">Description used in the report.</param>
    /// <exception cref="WeightLoadException">Strict load and the keys or shapes do not match; the model is unchanged.</exception>
    public static WeightLoadReport LoadStateDict(nn.Module module, IReadOnlyDictionary<string, Tensor> stateDict, WeightLoadOptions? options = null, string source = "state dict") =>
        Apply(Guard.NotNull(module), Guard.NotNull(stateDict), options ?? WeightLoadOptions.Default, source, WeightFormat.Auto, new Dictionary<string, string>(), Array.Empty<string>());

    /// <summary>Saves <paramref name="module"/>'s state dict.</summary>
    /// <param name="module">Model to save.</param>
    /// <param name="path">Output file; an existing file is replaced.</param>
    /// <param name="format">Format; <see cref="WeightFormat.Auto"/> picks it from the extension (.pt/.pth/.bin/.ckpt → PyTorch, .safetensors, .dat/.tsdat → TorchSharp).</param>
    public static void Save(nn.Module module, string path, WeightFormat format = WeightFormat.Auto)
    {
        Guard.NotNull(module);
        Guard.NotNull(path);
        var chosen = format == WeightFormat.Auto ? FromExtension(path) : format;
        if (chosen == WeightFormat.TorchSharp)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            module.save(stream);
            return;
        }

        using var scope = NewDisposeScope();
        SaveStateDict(module.state_dict(), path, chosen);
    }

    /// <summary>Saves a plain state dict (keys as given) in PyTorch or safetensors format, e.g. to export part of a model in a reference layout.</summary>
    /// <param name="stateDict">Keys and tensors (any device; written from CPU copies).</param>
    /// <param name="path">Output file; an existing file is replaced.</param>
    /// <param name="format">PyTorch or safetensors; <see cref="WeightFormat.Auto"/> picks it from the extension.</param>
    /// <exception cref="ArgumentException">TorchSharp's format, which stores modules, not dictionaries.</exception>
    public static void SaveStateDict(IReadOnlyDictionary<string, Tensor> stateDict, string path, WeightFormat format = WeightFormat.Auto)
    {
        Guard.NotNull(stateDict);
        Guard.NotNull(path);
        var chosen = format == WeightFormat.Auto ? FromExtension(path) : format;
        using var scope = NewDisposeScope();
        var copies = stateDict.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        switch (chosen)
        {
            case WeightFormat.PyTorch:
                PyTorchPickler.PickleStateDict(stream, copies);
                break;
            case WeightFormat.Safetensors:
                Safetensors.SaveStateDict(stream, copies);
                break;
            case WeightFormat.PyTorchLegacy:
                throw new ArgumentException($"format: PyTorch's legacy format is read, not written; save as {nameof(WeightFormat.PyTorch)} (zip), which every PyTorch since 1.6 loads.", nameof(format));
            case WeightFormat.TorchSharp:
                throw new ArgumentException($"path: '{path}': a plain state dict can be written as PyTorch (.pt/.pth) or safetensors, not in TorchSharp's module format.", nameof(path));
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown weight format.");
        }
    }

    /// <summary>Maps keys (strip prefixes, drop ignored), compares with the model and copies when allowed.</summary>
    internal static WeightLoadReport Apply(
        nn.Module module,
        IReadOnlyDictionary<string, Tensor> fileDict,
        WeightLoadOptions options,
        string source,
        WeightFormat format,
        IReadOnlyDictionary<string, string> originalNames, // key in fileDict -> key in the file, when a caller renamed keys before
        IReadOnlyList<string> alreadyDropped)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var dropped = new List<string>(alreadyDropped);
        var mapped = new Dictionary<string, (string Original, Tensor Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in fileDict)
        {
            string name = StripAll(key, options.StripPrefixes);
            string original = originalNames.TryGetValue(key, out var earlier) ? earlier : key;
            if (options.IgnoredPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                dropped.Add(original);
                continue;
            }

            if (!mapped.TryAdd(name, (original, value)))
            {
                throw new InvalidDataException($"{source}: keys '{mapped[name].Original}' and '{original}' both map to '{name}'.");
            }

            if (name != original)
            {
                renamed[original] = name;
            }
        }

        var modelDict = module.state_dict();
        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<WeightShapeMismatch>();
        foreach (var (key, target) in modelDict)
        {
            if (!mapped.TryGetValue(key, out var entry))
            {
                missing.Add(key);
            }
            else if (!entry.Value.shape.SequenceEqual(target.shape))
            {
                mismatched.Add(new WeightShapeMismatch(key, target.shape, entry.Value.shape));
            }
            else
            {
                loaded.Add(key);
            }
        }

        var unexpected = mapped.Keys.Where(k => !modelDict.ContainsKey(k)).ToList();
        var report = new WeightLoadReport(source, format, loaded, missing, unexpected, mismatched, dropped, renamed);
        if (options.Strict && !report.IsComplete)
        {
            var fileShapes = mapped.ToDictionary(kv => kv.Key, kv => kv.Value.Value.shape, StringComparer.Ordinal);
            var modelShapes = modelDict.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
            throw new WeightLoadException(report, WeightLayouts.Explain(WeightLayouts.Detect(fileShapes), WeightLayouts.Detect(modelShapes), fileDict.Keys));
        }

        using (no_grad())
        {
            foreach (var key in loaded)
            {
                modelDict[key].copy_(mapped[key].Value);
            }
        }

        return report;
    }

    private static string StripAll(string key, IReadOnlyList<string> prefixes)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var prefix in prefixes)
            {
                if (prefix.Length > 0 && key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    key = key[prefix.Length..];
                    changed = true;
                }
            }
        }

        return key;
    }

    /// <summary>The file's format from its first bytes.</summary>
    internal static WeightFormat Detect(string path)
    {
        Guard.FileExists(path);
        var head = new byte[16];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.Read(head, 0, head.Length);
        }

        if (read == 0)
        {
            throw new InvalidDataException($"Weights file '{path}' is empty.");
        }

        if (read >= 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04)
        {
            return WeightFormat.PyTorch;
        }

        if (read >= 2 && head[0] == 0x80 && head[1] <= 0x05)
        {
            return WeightFormat.PyTorchLegacy;
        }

        if (read >= 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head, 0) < (ulong)new FileInfo(path).Length)
        {
            return WeightFormat.Safetensors;
        }

        return WeightFormat.TorchSharp;
    }

    private static WeightFormat FromExtension(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (PyTorchExtensions.Contains(ext))
        {
            return WeightFormat.PyTorch;
        }

        if (SafetensorsExtensions.Contains(ext))
        {
            return WeightFormat.Safetensors;
        }

        if (TorchSharpExtensions.Contains(ext))
        {
            return WeightFormat.TorchSharp;
        }

        throw new ArgumentException(
            $"path: '{path}': cannot choose a format from extension '{ext}'; use one of {string.Join(", ", PyTorchExtensions.Concat(SafetensorsExtensions).Concat(TorchSharpExtensions))} or pass a format.",
            nameof(path));
    }

    private static Dictionary<string, Tensor> ReadTorchSharp(string path)
    {
        // Layout written by Module.save: LEB128 entry count, then (string key, tensor) pairs.
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        long count = DecodeLeb128(reader);
        if (count < 0 || count > reader.BaseStream.Length)
        {
            throw new InvalidDataException($"'{path}' is not a TorchSharp weights file (entry count {count}).");
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            result[key] = TensorExtensionMethods.Load(reader);
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException($"'{path}': {reader.BaseStream.Length - reader.BaseStream.Position} trailing bytes after {count} tensors; not a TorchSharp weights file.");
        }

        return result;
    }

    private static long DecodeLeb128(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed entry count.");
    }
}
