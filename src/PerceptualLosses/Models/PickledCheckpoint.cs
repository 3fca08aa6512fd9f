using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// An open <c>torch.save</c> file, zip (PyTorch ≥ 1.6) or legacy (the pickle stream of earlier versions, still the format
/// of torchvision's, MadryLab robustness' and LPIPS' published weights). The object pickle is read when the file is
/// opened; a storage's bytes are read on first use, straight into one tensor, so a file never needs more memory than the
/// tensors taken from it.
/// </summary>
/// <remarks>
/// Legacy layout (torch/serialization.py, <c>_legacy_save</c>): five pickles in a row — the magic number
/// 0x1950a86a20f9469cfc6c, the protocol version 1001, a system-info dict (byte order, type sizes), the object whose
/// tensors name their storages by persistent id, and the sorted list of storage keys — then per key an int64
/// little-endian element count and the storage's raw little-endian bytes.
/// Zip layout: <c>&lt;name&gt;/data.pkl</c> (the object pickle) and one <c>&lt;name&gt;/data/&lt;key&gt;</c> entry per storage.
/// </remarks>
internal sealed class PickledCheckpoint : IDisposable
{
    private static readonly BigInteger LegacyMagic = BigInteger.Parse("01950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    private const int LegacyProtocol = 1001;

    private readonly FileStream stream;
    private readonly ZipArchive? archive;
    private string zipPrefix = "";

    private PickledCheckpoint(string path, FileStream stream, ZipArchive? archive)
    {
        Path = path;
        this.stream = stream;
        this.archive = archive;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary><see cref="WeightFormat.PyTorch"/> (zip) or <see cref="WeightFormat.PyTorchLegacy"/>.</summary>
    public WeightFormat Format => archive is null ? WeightFormat.PyTorchLegacy : WeightFormat.PyTorch;

    /// <summary>The unpickled object: dicts as <see cref="Hashtable"/>, lists as <see cref="ArrayList"/>, tuples as arrays, tensors as <see cref="PickledTensor"/>.</summary>
    public object? Root { get; private set; }

    /// <summary>Every storage in the file.</summary>
    public IReadOnlyList<PickledStorage> Storages { get; private set; } = Array.Empty<PickledStorage>();

    /// <summary>Opens a zip or legacy <c>torch.save</c> file and reads its object pickle.</summary>
    /// <exception cref="InvalidDataException">Not such a file, or truncated, or holding objects other than tensors, containers and numbers.</exception>
    public static PickledCheckpoint Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            var head = new byte[4];
            int read = stream.Read(head, 0, head.Length);
            stream.Position = 0;
            PickledCheckpoint file;
            if (read == 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04)
            {
                file = new PickledCheckpoint(path, stream, OpenZip(stream, path));
                file.ReadZip();
            }
            else if (read >= 2 && head[0] == 0x80)
            {
                file = new PickledCheckpoint(path, stream, null);
                file.ReadLegacy();
            }
            else
            {
                throw new InvalidDataException($"'{path}' is not a torch.save file (neither zip nor a legacy pickle: first bytes {Convert.ToHexString(head, 0, read)}).");
            }

            return file;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The tensor's values as a CPU tensor that views its storage (shared with other tensors on the same storage).</summary>
    public Tensor Materialize(PickledTensor tensor, string name)
    {
        var storage = tensor.Storage;
        CheckBounds(tensor, name);
        storage.Data ??= ReadStorage(storage);
        return storage.Data.as_strided(tensor.Shape, tensor.Stride, tensor.StorageOffset);
    }

    /// <summary>Disposes the storages read so far (views taken from them keep their memory alive) and closes the file.</summary>
    public void Dispose()
    {
        foreach (var storage in Storages)
        {
            storage.Data?.Dispose();
            storage.Data = null;
        }

        archive?.Dispose();
        stream.Dispose();
    }

    private static ZipArchive OpenZip(FileStream stream, string path)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' starts like a zip-format torch.save file but is not a readable zip archive (truncated?): {e.Message}", e);
        }
    }

    private void ReadZip()
    {
        var pickle = archive!.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new InvalidDataException($"'{Path}' is a zip archive without a <name>/data.pkl entry; not a torch.save file.");
        string prefix = pickle.FullName[..^"data.pkl".Length];
        var byteOrder = archive.GetEntry(prefix + "byteorder");
        if (byteOrder is not null)
        {
            using var reader = new StreamReader(byteOrder.Open());
            string order = reader.ReadToEnd().Trim();
            if (order != "little")
            {
                throw new InvalidDataException($"'{Path}' was saved on a {order}-endian machine (its byteorder record says '{order}'); only little-endian files can be read.");
            }
        }

        var unpickler = new TorchUnpickler(Path);
        using (var pkl = pickle.Open())
        {
            Root = unpickler.LoadObject(pkl);
        }

        Storages = unpickler.Storages.Values.ToArray();
        foreach (var storage in Storages)
        {
            var entry = archive.GetEntry(prefix + "data/" + storage.Key)
                ?? throw new InvalidDataException($"'{Path}': storage {storage.Key} named in the pickle has no {prefix}data/{storage.Key} entry (truncated file?).");
            if (entry.Length != storage.Numel * storage.ElementSize)
            {
                throw new InvalidDataException($"'{Path}': storage {storage.Key} holds {entry.Length} bytes, but the pickle says {storage.Numel} elements of {storage.ElementSize} bytes.");
            }
        }

        zipPrefix = prefix;
    }

    private void ReadLegacy()
    {
        object? magic = TorchUnpickler.LoadPlain(stream, Path, "magic number");
        if (!IsLegacyMagic(magic))
        {
            throw new InvalidDataException($"'{Path}' starts with a pickle, but not with the legacy torch.save magic number (got {TorchUnpickler.Describe(magic)}); not a PyTorch weights file.");
        }

        object? protocol = TorchUnpickler.LoadPlain(stream, Path, "protocol version");
        if (protocol is not int version || version != LegacyProtocol)
        {
            throw new InvalidDataException($"'{Path}': legacy torch.save protocol {TorchUnpickler.Describe(protocol)} is not supported (expected {LegacyProtocol}).");
        }

        if (TorchUnpickler.LoadPlain(stream, Path, "system-info record") is Hashtable info && info["little_endian"] is bool little && !little)
        {
            throw new InvalidDataException($"'{Path}' was saved on a big-endian machine (its system-info record says little_endian=False); only files from little-endian machines can be read.");
        }

        var unpickler = new TorchUnpickler(Path);
        Root = unpickler.LoadObject(stream);
        var keys = TorchUnpickler.LoadPlain(stream, Path, "storage key list") as ArrayList
            ?? throw new InvalidDataException($"'{Path}': the storage key list after the object pickle is missing or not a list.");
        Storages = unpickler.Storages.Values.ToArray();

        // Storage table: walk the count headers, seeking past the data, so nothing is read until a tensor is used.
        long position = stream.Position;
        long length = stream.Length;
        var header = new byte[8];
        foreach (var key in keys.Cast<object>().Select(k => Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture) ?? ""))
        {
            if (!unpickler.Storages.TryGetValue(key, out var storage))
            {
                throw new InvalidDataException($"'{Path}': storage key {key} in the storage list is not named by any tensor in the pickle.");
            }

            stream.Position = position;
            if (stream.Read(header, 0, 8) != 8)
            {
                throw Truncated(storage, position, length);
            }

            long count = BitConverter.ToInt64(header, 0);
            if (count != storage.Numel)
            {
                throw new InvalidDataException($"'{Path}': storage {key} has {count} elements in the data section but {storage.Numel} in the pickle; the file is corrupt.");
            }

            storage.FileOffset = position + 8;
            position = storage.FileOffset + count * storage.ElementSize;
            if (position > length)
            {
                throw Truncated(storage, storage.FileOffset, length);
            }
        }

        var unlisted = Storages.FirstOrDefault(s => s.FileOffset < 0);
        if (unlisted is not null)
        {
            throw new InvalidDataException($"'{Path}': storage {unlisted.Key} is used by a tensor but missing from the storage list; the file is corrupt.");
        }
    }

    private InvalidDataException Truncated(PickledStorage storage, long offset, long length) =>
        new($"'{Path}' is truncated: storage {storage.Key} ({storage.Numel} × {storage.TypeName}) needs bytes up to {offset + 8 + (storage.Numel * storage.ElementSize)}, the file has {length}.");

    private static bool IsLegacyMagic(object? value) => value switch
    {
        BigInteger big => big == LegacyMagic,
        _ => false,
    };

    private void CheckBounds(PickledTensor tensor, string name)
    {
        if (tensor.Numel == 0)
        {
            return;
        }

        long last = tensor.StorageOffset;
        for (int d = 0; d < tensor.Shape.Length; d++)
        {
            if (tensor.Shape[d] < 0 || tensor.Stride[d] < 0)
            {
                throw new InvalidDataException($"'{Path}': tensor '{name}' has a negative size or stride ({string.Join(", ", tensor.Shape)} / {string.Join(", ", tensor.Stride)}).");
            }

            last += (tensor.Shape[d] - 1) * tensor.Stride[d];
        }

        if (tensor.StorageOffset < 0 || last >= tensor.Storage.Numel)
        {
            throw new InvalidDataException($"'{Path}': tensor '{name}' (offset {tensor.StorageOffset}, size [{string.Join(", ", tensor.Shape)}], stride [{string.Join(", ", tensor.Stride)}]) reaches element {last} of storage {tensor.Storage.Key}, which has {tensor.Storage.Numel}.");
        }
    }

    private Tensor ReadStorage(PickledStorage storage)
    {
        var data = empty(new[] { storage.Numel }, storage.DType, CPU);
        try
        {
            if (archive is null)
            {
                stream.Position = storage.FileOffset;
                data.ReadBytesFromStream(stream);
            }
            else
            {
                using var entry = archive.GetEntry(zipPrefix + "data/" + storage.Key)!.Open();
                data.ReadBytesFromStream(entry);
            }
        }
        catch
        {
            data.Dispose();
            throw;
        }

        return data.DetachFromDisposeScope();
    }
}
