using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Training;

/// <summary>
/// The one checkpoint folder of every trainer (super-resolution, classifier, LPIPS): files written by the trainer, plus a
/// manifest written last that holds the step, a fingerprint of the settings, torch's CPU generator state, the trainer's
/// own state and the length and SHA-256 of every file.
/// </summary>
/// <remarks>
/// <para>A save never touches the current folder until the new one is complete: files go to <c>&lt;dir&gt;.tmp</c>, each is
/// fsynced, the manifest last, then the folder; the current folder is renamed to <c>&lt;dir&gt;.old</c>, the new one to
/// <c>&lt;dir&gt;</c>, and the old one is deleted. (On Linux a folder cannot be renamed over a non-empty one, hence two
/// renames.) Every load and save first recovers from a save that stopped anywhere in that sequence: a complete
/// <c>&lt;dir&gt;</c> wins; without one, a complete <c>.tmp</c> (newer) or else <c>.old</c> is moved into place; a folder
/// whose manifest is missing, unreadable or lists files of another length is never used.</para>
/// <para>Folders written before the manifest existed (no <c>Format</c> key in the state file) are reported as legacy and
/// read by the trainer's own code. Only the CPU generator is saved: TorchSharp 0.107 exposes no CUDA generator state.</para>
/// </remarks>
internal sealed class TrainingCheckpoint
{
    /// <summary>Version of the manifest layout.</summary>
    internal const int Format = 1;

    private readonly string manifestName;
    private readonly string fingerprint;
    private readonly string? mismatchHint;

    /// <param name="directory">The checkpoint folder.</param>
    /// <param name="manifestName">File name of the manifest inside it (the trainer's state file name of earlier versions).</param>
    /// <param name="fingerprint">The settings a resume must share.</param>
    /// <param name="mismatchHint">Appended to the error when the fingerprints differ (what may change between runs).</param>
    public TrainingCheckpoint(string directory, string manifestName, string fingerprint, string? mismatchHint = null)
    {
        Directory = Path.GetFullPath(Guard.NotNull(directory));
        this.manifestName = Guard.NotNull(manifestName);
        this.fingerprint = Guard.NotNull(fingerprint);
        this.mismatchHint = mismatchHint;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// Test hook: called with a description before every change a save makes on disk (create, write, rename, delete);
    /// throwing there leaves the disk as a crash at that point would.
    /// </summary>
    public Action<string>? BeforeFileSystemStep { get; init; }

    private string Temporary => Directory + ".tmp";

    private string Previous => Directory + ".old";

    /// <summary>Whether a complete checkpoint (or a legacy one) is there, after recovering from an interrupted save.</summary>
    public bool Exists
    {
        get
        {
            Recover();
            return IsComplete(Directory);
        }
    }

    /// <summary>Writes a checkpoint: <paramref name="files"/> in order (each writes the path it is given), then the manifest.</summary>
    public void Save<TState>(long step, TState state, IEnumerable<(string Name, Action<string> Write)> files)
    {
        Guard.NotNull(files);
        Recover();
        if (System.IO.Directory.Exists(Temporary))
        {
            Step($"delete {Temporary}");
            System.IO.Directory.Delete(Temporary, recursive: true);
        }

        Step($"create {Temporary}");
        System.IO.Directory.CreateDirectory(Temporary);
        var entries = new List<CheckpointFile>();
        foreach (var (name, write) in files)
        {
            Step($"write {name}");
            string path = Path.Combine(Temporary, name);
            write(path);
            entries.Add(Seal(path, name));
        }

        string rng;
        using (var generatorState = random.get_rng_state())
        {
            rng = Convert.ToBase64String(generatorState.data<byte>().ToArray());
        }

        var manifest = new Manifest(Format, step, fingerprint, rng, JsonSerializer.SerializeToElement(state), entries);
        Step($"write {manifestName}");
        string manifestPath = Path.Combine(Temporary, manifestName);
        File.WriteAllBytes(manifestPath, JsonSerializer.SerializeToUtf8Bytes(manifest));
        Seal(manifestPath, manifestName);
        SyncDirectory(Temporary);
        string parent = Path.GetDirectoryName(Directory)!;
        if (System.IO.Directory.Exists(Directory))
        {
            Step($"rename {Directory} to {Previous}");
            System.IO.Directory.Move(Directory, Previous);
            SyncDirectory(parent);
        }

        Step($"rename {Temporary} to {Directory}");
        System.IO.Directory.Move(Temporary, Directory);
        SyncDirectory(parent);
        if (System.IO.Directory.Exists(Previous))
        {
            Step($"delete {Previous}");
            System.IO.Directory.Delete(Previous, recursive: true);
        }
    }

    /// <summary>
    /// Recovers from an interrupted save, then reads the checkpoint: null when there is none; otherwise every file is
    /// checked against the manifest, the fingerprint must match (else <see cref="InvalidOperationException"/>) and
    /// torch's CPU generator is restored. A legacy folder comes back with <see cref="Loaded{TState}.LegacyJson"/> set
    /// and nothing checked or restored.
    /// </summary>
    public Loaded<TState>? TryLoad<TState>()
    {
        Recover();
        string path = Path.Combine(Directory, manifestName);
        if (!File.Exists(path))
        {
            return null;
        }

        string text = File.ReadAllText(path);
        if (IsLegacy(text))
        {
            return new Loaded<TState>(Directory, 0, default!, text);
        }

        var manifest = Read(path) ?? throw new InvalidDataException($"{path} is not a checkpoint manifest.");
        CheckFingerprint(manifest.Fingerprint);
        foreach (var file in manifest.Files)
        {
            string filePath = Path.Combine(Directory, file.Name);
            using var stream = File.OpenRead(filePath);
            if (stream.Length != file.Length || Convert.ToHexString(SHA256.HashData(stream)) != file.Sha256)
            {
                throw new InvalidDataException($"{filePath} does not match the checkpoint's manifest {path} (length or SHA-256): the file was changed or damaged after it was written.");
            }
        }

        var state = manifest.State.Deserialize<TState>() ?? throw new InvalidDataException($"{path} holds no trainer state.");
        using (var generatorState = tensor(Convert.FromBase64String(manifest.TorchRng)))
        {
            random.set_rng_state(generatorState);
        }

        return new Loaded<TState>(Directory, manifest.Step, state, null);
    }

    /// <summary>Throws the standard error when <paramref name="recorded"/> is not this run's fingerprint (also for legacy folders).</summary>
    public void CheckFingerprint(string? recorded)
    {
        if (!string.Equals(recorded, fingerprint, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The checkpoint in {Directory} belongs to another configuration.{Environment.NewLine}  checkpoint: {recorded}{Environment.NewLine}  this run:   {fingerprint}"
                + (mismatchHint is null ? "" : Environment.NewLine + mismatchHint));
        }
    }

    private void Step(string description) => BeforeFileSystemStep?.Invoke(description);

    /// <summary>Brings the folders back to "a complete current checkpoint, or none" after a save stopped anywhere.</summary>
    private void Recover()
    {
        if (!IsComplete(Directory))
        {
            string? replacement = IsComplete(Temporary) ? Temporary : IsComplete(Previous) ? Previous : null;
            if (replacement is null)
            {
                return;
            }

            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }

            System.IO.Directory.Move(replacement, Directory);
            SyncDirectory(Path.GetDirectoryName(Directory)!);
        }

        foreach (string leftover in new[] { Temporary, Previous })
        {
            if (System.IO.Directory.Exists(leftover))
            {
                System.IO.Directory.Delete(leftover, recursive: true);
            }
        }
    }

    /// <summary>The manifest is there and readable and every file it lists has its length; legacy folders count as complete.</summary>
    private bool IsComplete(string folder)
    {
        string path = Path.Combine(folder, manifestName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            string text = File.ReadAllText(path);
            if (IsLegacy(text))
            {
                return true;
            }

            var manifest = Read(path);
            return manifest is not null && manifest.Files.All(f => new FileInfo(Path.Combine(folder, f.Name)) is { Exists: true } info && info.Length == f.Length);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsLegacy(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.TryGetProperty(nameof(Manifest.Format), out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Manifest? Read(string path)
    {
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path));
        return manifest is { Format: Format, Files: not null, TorchRng: not null } ? manifest : null;
    }

    /// <summary>fsyncs a written file and records its length and SHA-256.</summary>
    private static CheckpointFile Seal(string path, string name)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        string hash = Convert.ToHexString(SHA256.HashData(stream));
        stream.Flush(flushToDisk: true);
        return new CheckpointFile(name, stream.Length, hash);
    }

    /// <summary>fsync of a folder, so that the names created or renamed in it survive a power loss (POSIX only).</summary>
    private static void SyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals renames; Windows offers no folder flush to ordinary processes.
        }

        int descriptor = Posix.Open(System.Text.Encoding.UTF8.GetBytes(path + "\0"), 0); // O_RDONLY
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open folder {path} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Posix.FSync(descriptor) != 0)
            {
                throw new IOException($"Cannot flush folder {path} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Posix.Close(descriptor);
        }
    }

    /// <summary>A checkpoint as read: folder, step and trainer state, or the raw state file of a legacy folder.</summary>
    internal sealed record Loaded<TState>(string Directory, long Step, TState State, string? LegacyJson);

    private sealed record CheckpointFile(string Name, long Length, string Sha256);

    private sealed record Manifest(int Format, long Step, string Fingerprint, string TorchRng, JsonElement State, IReadOnlyList<CheckpointFile> Files);

    private static class Posix
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open(byte[] nullTerminatedUtf8Path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FSync(int descriptor);

        [DllImport("libc", EntryPoint = "close")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Close(int descriptor);
    }
}
