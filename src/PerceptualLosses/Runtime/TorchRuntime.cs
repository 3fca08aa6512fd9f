using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace PerceptualLosses.Runtime;

/// <summary>
/// Makes TorchSharp's native library load on Linux distributions whose libstdc++ is older than the one
/// libLibTorchSharp was built against (Debian 12, Ubuntu 22.04: <c>GLIBCXX_3.4.32</c> missing).
/// </summary>
/// <remarks>
/// Runs automatically when this assembly is first used (module initializer); call <see cref="EnsureLoaded"/>
/// before touching <c>TorchSharp.torch</c> directly if your code may run before any PerceptualLosses type.
/// On Linux it loads the packaged library; if that fails with <c>version `X' not found</c>, it writes a copy whose
/// missing version requirements carry ELF <c>VER_FLG_WEAK</c> (next to the original, so <c>$ORIGIN</c> finds libtorch,
/// or, when that folder is read-only, into a user cache folder after preloading libtorch by full path) and loads it.
/// TorchSharp then binds to the loaded copy through its soname. Elsewhere it does nothing.
/// Thread-safe and idempotent.
/// </remarks>
public static partial class TorchRuntime
{
    /// <summary>Environment variable that overrides the cache folder used when the package folder is read-only.</summary>
    public const string CacheDirectoryVariable = "PERCEPTUALLOSSES_NATIVE_CACHE";

    /// <summary>File name of the patched copy.</summary>
    public const string PatchedFileName = "libLibTorchSharp.weak-versions.so";

    private const string LibraryFileName = "libLibTorchSharp.so";
    private const int MaxPatchRounds = 8;

    // Loaded before LibTorchSharp so that a copy outside the package folder resolves them by soname.
    private static readonly string[] Dependencies = { "libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so" };

    private static readonly object Gate = new();
    private static NativeLoadReport? report;

    /// <summary>The outcome of the last attempt (<see cref="NativeLoadMode.NotAttempted"/> before the first).</summary>
    public static NativeLoadReport Report
    {
        get
        {
            lock (Gate)
            {
                return report ?? new NativeLoadReport(NativeLoadMode.NotAttempted, null, null, Array.Empty<string>(), Array.Empty<string>());
            }
        }
    }

    /// <summary>
    /// Ensures TorchSharp's native library can be loaded; returns what was done. Safe to call from many threads, many times.
    /// </summary>
    /// <exception cref="TorchNativeLoadException">Loading failed; the message says what was tried and how to fix it by hand.</exception>
    public static NativeLoadReport EnsureLoaded()
    {
        lock (Gate)
        {
            if (report is null || report.Mode == NativeLoadMode.Failed)
            {
                report = Load();
            }

            if (report.Mode == NativeLoadMode.Failed)
            {
                throw new TorchNativeLoadException(FailureMessage(report), report);
            }

            return report;
        }
    }

#pragma warning disable CA2255 // Libraries may use a module initializer when, as here, the work is required before any API call.
    [ModuleInitializer]
    internal static void InitializeOnFirstUse()
#pragma warning restore CA2255
    {
        try
        {
            EnsureLoaded();
        }
        catch (TorchNativeLoadException)
        {
            // Kept in Report; EnsureLoaded rethrows for callers that ask. Throwing here would surface as an opaque
            // TypeInitializationException on whatever type happened to be touched first.
        }
    }

    private static NativeLoadReport Load()
    {
        var trace = new List<string>();
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            trace.Add($"Platform is {RuntimeInformation.OSDescription}: TorchSharp's own loading is used.");
            return new NativeLoadReport(NativeLoadMode.NotNeeded, null, null, Array.Empty<string>(), trace);
        }

        string? original = FindPackagedLibrary(trace);
        if (original is null)
        {
            trace.Add($"{LibraryFileName} was not found in any native search folder; TorchSharp's own probing will decide.");
            return new NativeLoadReport(NativeLoadMode.NotFound, null, null, Array.Empty<string>(), trace);
        }

        string folder = Path.GetDirectoryName(original)!;
        PreloadDependencies(folder, trace);
        string? error = TryLoad(original, trace);
        if (error is null)
        {
            NoteBuildTimePatch(original, trace);
            return new NativeLoadReport(NativeLoadMode.Original, original, original, Array.Empty<string>(), trace);
        }

        var weakened = new List<string>();
        for (int round = 0; round < MaxPatchRounds; round++)
        {
            string? missing = MissingVersion(error);
            if (missing is null || weakened.Contains(missing))
            {
                trace.Add("The load error is not a missing symbol version; patching cannot help.");
                return new NativeLoadReport(NativeLoadMode.Failed, original, null, weakened, trace);
            }

            weakened.Add(missing);
            string patched;
            try
            {
                patched = WritePatchedCopy(original, weakened, folder, DefaultCacheDirectory(original), trace);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                trace.Add($"Could not write a patched copy: {e.Message}");
                return new NativeLoadReport(NativeLoadMode.Failed, original, null, weakened, trace);
            }

            error = TryLoad(patched, trace);
            if (error is null)
            {
                return new NativeLoadReport(NativeLoadMode.Patched, original, patched, weakened, trace);
            }
        }

        return new NativeLoadReport(NativeLoadMode.Failed, original, null, weakened, trace);
    }

    /// <summary>
    /// Writes (or reuses) the patched copy: next to the original when that folder is writable, else under <paramref name="cacheDirectory"/>.
    /// </summary>
    internal static string WritePatchedCopy(string original, IReadOnlyCollection<string> versions, string preferredDirectory, string cacheDirectory, List<string> trace)
    {
        byte[] image = File.ReadAllBytes(original);
        var found = ElfVersionPatcher.MarkWeak(image, versions);
        if (found.Count != versions.Count)
        {
            throw new FormatException($"{original} has no version requirement named {string.Join(", ", versions.Except(found))}.");
        }

        foreach (string directory in new[] { preferredDirectory, cacheDirectory })
        {
            string target = Path.Combine(directory, PatchedFileName);
            try
            {
                if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(image))
                {
                    trace.Add($"Reusing patched copy {target}.");
                    return target;
                }

                Directory.CreateDirectory(directory);
                // Write then rename, so a concurrent process never loads a half-written file.
                string temporary = Path.Combine(directory, $".{PatchedFileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
                File.WriteAllBytes(temporary, image);
                File.Move(temporary, target, overwrite: true);
                trace.Add($"Wrote patched copy {target} (weak: {string.Join(", ", versions)}).");
                return target;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                trace.Add($"Cannot write to {directory}: {e.Message}");
            }
        }

        throw new IOException($"Neither {preferredDirectory} nor the cache folder {cacheDirectory} is writable; set {CacheDirectoryVariable} to a writable folder.");
    }

    /// <summary>The cache folder used when the package folder is read-only.</summary>
    internal static string DefaultCacheDirectory(string original)
    {
        string? overridden = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return overridden;
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var info = new FileInfo(original);
        string key = $"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}";
        return Path.Combine(root, "perceptuallosses", "native", key);
    }

    /// <summary>Extracts X from dlerror's "version `X' not found".</summary>
    internal static string? MissingVersion(string error)
    {
        var match = MissingVersionPattern().Match(error);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"version [`']([A-Za-z0-9_.]+)' not found")]
    private static partial Regex MissingVersionPattern();

    private static string? FindPackagedLibrary(List<string> trace)
    {
        foreach (string folder in SearchFolders())
        {
            string candidate = Path.Combine(folder, LibraryFileName);
            if (File.Exists(candidate))
            {
                trace.Add($"Found {candidate}.");
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    private static IEnumerable<string> SearchFolders()
    {
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
        {
            foreach (string folder in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return folder;
            }
        }

        string baseDirectory = AppContext.BaseDirectory;
        yield return baseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", "linux-x64", "native");
        string? torchSharp = TorchSharpAssemblyFolder();
        if (torchSharp is not null)
        {
            yield return torchSharp;
            // NuGet package layout: torchsharp/<v>/lib/<tfm>/TorchSharp.dll and torchsharp/<v>/runtimes/linux-x64/native.
            yield return Path.GetFullPath(Path.Combine(torchSharp, "..", "..", "runtimes", "linux-x64", "native"));
        }
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Only used to locate native files; an empty location is skipped.")]
    private static string? TorchSharpAssemblyFolder()
    {
        string location = typeof(TorchSharp.torch).Assembly.Location;
        return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
    }

    private static void PreloadDependencies(string folder, List<string> trace)
    {
        foreach (string name in Dependencies)
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                string? error = TryLoad(path, trace);
                if (error is not null)
                {
                    trace.Add($"  (dependency {name} failed to load: {error})");
                }
            }
        }
    }

    private static string? TryLoad(string path, List<string> trace)
    {
        try
        {
            NativeLibrary.Load(path);
            trace.Add($"Loaded {path}.");
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            trace.Add($"Failed to load {path}: {e.Message}");
            return e.Message;
        }
    }

    // The PerceptualLosses packages' build step (buildTransitive/PerceptualLosses.NativeLoading.targets) writes the
    // output folder's copy with weak requirements; say so, since "Original" alone would hide it.
    private static void NoteBuildTimePatch(string path, List<string> trace)
    {
        try
        {
            var weak = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(path)).Where(n => n.IsWeak).Select(n => n.Version).ToArray();
            if (weak.Length > 0)
            {
                trace.Add($"{path} already has weak version requirements ({string.Join(", ", weak)}): written by the PerceptualLosses build step.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            trace.Add($"Could not read the version requirements of {path}: {e.Message}");
        }
    }

    /// <summary>The exception text: what was tried, which GLIBCXX version is missing, and the fixes.</summary>
    internal static string FailureMessage(NativeLoadReport failed)
    {
        string? missing = failed.Trace.Select(MissingVersion).LastOrDefault(v => v is not null);
        string cause = missing is null
            ? "TorchSharp's native library (libLibTorchSharp.so) could not be loaded."
            : $"TorchSharp's native library (libLibTorchSharp.so) could not be loaded: this system's libstdc++ lacks {missing}" +
              (missing.StartsWith("GLIBCXX_", StringComparison.Ordinal) ? " (Debian 12 and Ubuntu 22.04 stop at GLIBCXX_3.4.30)." : ".");
        return FailureMessageBody(cause, failed);
    }

    private static string FailureMessageBody(string cause, NativeLoadReport failed) =>
        cause + Environment.NewLine +
        "Steps tried:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", failed.Trace) + Environment.NewLine +
        "To fix it, either:" + Environment.NewLine +
        "  - build the application with the PerceptualLosses package on Linux: its build step writes libLibTorchSharp.so with GLIBCXX_3.4.32 marked weak into the output and publish folders, or" + Environment.NewLine +
        "  - install a libstdc++ that provides the missing GLIBCXX version (GCC 13 or newer runtime), or" + Environment.NewLine +
        "  - start the process with LD_PRELOAD pointing at such a libstdc++.so.6, or" + Environment.NewLine +
        $"  - set {CacheDirectoryVariable} to a writable folder if the package folder is read-only, or" + Environment.NewLine +
        "  - make sure the application references TorchSharp-cpu (or TorchSharp-cuda-linux) so libtorch is next to it.";
}
