using System.Collections.Generic;

namespace PerceptualLosses.Models;

/// <summary>What <see cref="ModelWeights.Inspect"/> found in a weights file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">Container format (zip or legacy PyTorch, safetensors, TorchSharp).</param>
/// <param name="Architecture">Layout and the architecture the keys imply.</param>
/// <param name="TensorCount">Tensors in the state dict.</param>
/// <param name="ParameterCount">Elements of those tensors, each shared storage counted once (a robustness checkpoint's attacker copy adds nothing).</param>
/// <param name="TensorBytes">Bytes of the storages behind those tensors.</param>
/// <param name="FileBytes">Size of the file.</param>
/// <param name="Sha256">SHA-256 of the file, lower-case hex.</param>
/// <param name="KnownFile">The published file this one is, when its name and hash say so (e.g. torchvision's <c>vgg19-dcbb9e9d.pth</c>); null otherwise.</param>
/// <param name="Warnings">Problems found, e.g. a torchvision-style name whose hash digits do not match the file's SHA-256.</param>
/// <param name="IgnoredEntries">Checkpoint entries beside the state dict (optimizer state, epoch, …), not read.</param>
/// <param name="FirstKeys">The first few keys, in file order.</param>
public sealed record WeightFileInfo(
    string Path,
    WeightFormat Format,
    WeightArchitecture Architecture,
    int TensorCount,
    long ParameterCount,
    long TensorBytes,
    long FileBytes,
    string Sha256,
    string? KnownFile,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> IgnoredEntries,
    IReadOnlyList<string> FirstKeys)
{
    /// <summary>One line: format, layout, architecture, counts, hash and warnings.</summary>
    public string Summary() =>
        System.FormattableString.Invariant($"{System.IO.Path.GetFileName(Path)}: {FormatName(Format)}, {Architecture.Description}; {TensorCount} tensors, {ParameterCount:N0} parameters, {TensorBytes:N0} bytes; sha256 {Sha256[..16]}…")
        + (KnownFile is null ? "" : $"; known file: {KnownFile}")
        + (Warnings.Count == 0 ? "" : "; WARNING: " + string.Join("; ", Warnings));

    /// <summary>Short format name: zip, legacy, safetensors, TorchSharp.</summary>
    public static string FormatName(WeightFormat format) => format switch
    {
        WeightFormat.PyTorch => "PyTorch zip",
        WeightFormat.PyTorchLegacy => "PyTorch legacy",
        WeightFormat.Safetensors => "safetensors",
        WeightFormat.TorchSharp => "TorchSharp",
        _ => format.ToString(),
    };
}
