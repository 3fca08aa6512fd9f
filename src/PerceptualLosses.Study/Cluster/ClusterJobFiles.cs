using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PerceptualLosses.Study.Cluster;

/// <summary>Writes emitted cluster-job files into their folder.</summary>
public static class ClusterJobFiles
{
    /// <summary>Writes <paramref name="files"/> into <paramref name="jobFolder"/> (created if missing), with a <c>logs/</c> folder for the jobs' logs.</summary>
    /// <param name="jobFolder">The job folder.</param>
    /// <param name="files">The files.</param>
    /// <param name="replaceFiles">Write into a non-empty folder, replacing the files of the same names (others are left).</param>
    /// <returns>The paths written.</returns>
    /// <exception cref="ArgumentException">The folder is a file, or is not empty and <paramref name="replaceFiles"/> is false.</exception>
    public static IReadOnlyList<string> Write(string jobFolder, IReadOnlyList<EmittedFile> files, bool replaceFiles)
    {
        ArgumentNullException.ThrowIfNull(jobFolder);
        ArgumentNullException.ThrowIfNull(files);
        string folder = jobFolder;
        if (File.Exists(folder))
        {
            throw new ArgumentException($"jobFolder '{folder}' is a file, not a folder.", nameof(jobFolder));
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !replaceFiles)
        {
            throw new ArgumentException($"jobFolder '{folder}' is not empty: give an empty or new folder, or set replaceFiles to replace the files it would write ({string.Join(", ", files.Select(f => f.Name))}).", nameof(jobFolder));
        }

        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var written = new List<string>();
        foreach (var file in files)
        {
            string path = Path.Combine(folder, file.Name);
            File.WriteAllText(path, file.Content);
            if (file.Executable && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            written.Add(path);
        }

        return written;
    }
}
