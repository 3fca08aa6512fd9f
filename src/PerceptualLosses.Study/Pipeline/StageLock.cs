using System;
using System.IO;
using System.Threading;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// An exclusive lock between processes, possibly on different machines sharing the folder: a lock file opened with
/// <see cref="FileShare.None"/>, which .NET takes as an advisory <c>flock(LOCK_EX)</c> on Unix (NFS, Lustre mounted
/// with <c>flock</c>, GPFS and BeeGFS carry it to every client) and as a share-mode lock on Windows. The operating
/// system releases it when the holder exits or is killed, so a requeued task never finds a stale lock; the file
/// itself may stay behind and is reused.
/// </summary>
internal sealed class StageLock : IDisposable
{
    private readonly FileStream stream;

    private StageLock(string path, FileStream stream) => (Path, this.stream) = (path, stream);

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock, waiting as long as another process holds it.</summary>
    /// <param name="path">Lock file (created if missing, with its folder).</param>
    /// <param name="poll">Time between attempts while it is held.</param>
    /// <param name="waiting">Told once, when the first attempt finds the lock held.</param>
    public static StageLock Acquire(string path, TimeSpan poll, Action? waiting)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        bool told = false;
        while (true)
        {
            if (TryAcquire(path) is { } taken)
            {
                return taken;
            }

            if (!told)
            {
                waiting?.Invoke();
                told = true;
            }

            Thread.Sleep(poll);
        }
    }

    /// <summary>Takes the lock if no other process holds it; null if one does.</summary>
    public static StageLock? TryAcquire(string path)
    {
        try
        {
            return new StageLock(path, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
    }

    /// <summary>Releases the lock and deletes the file; only once the guarded work is published (see <see cref="StageStore"/>).</summary>
    public void ReleaseAndDelete()
    {
        stream.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process opened it meanwhile (Windows refuses the delete then); it finds the work published and leaves.
        }
    }

    /// <summary>Releases the lock, leaving the file for the next holder.</summary>
    public void Dispose() => stream.Dispose();

    /// <summary>
    /// The open failed because another handle holds the lock: EWOULDBLOCK from flock on Unix (11 on Linux, 35 on
    /// macOS), a sharing or lock violation on Windows. Any other failure (permissions, a missing drive) is not waited on.
    /// </summary>
    private static bool IsHeldElsewhere(IOException e) =>
        e.GetType() == typeof(IOException)
        && (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35);
}
