using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;

namespace PerceptualLosses.Data;

/// <summary>Lists the images of a folder tree in a stable order (ordinal order of the relative path, '/' separated).</summary>
public static class ImageFolder
{
    /// <summary>Extensions that count as images (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = new[] { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff" };

    /// <summary>Full paths of every image below <paramref name="root"/>, recursively, sorted by relative path.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">It holds no image.</exception>
    public static IReadOnlyList<string> List(string root, bool recursive = true)
    {
        Guard.DirectoryExists(root);
        var files = Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => Path.GetRelativePath(root, f).Replace('\\', '/'), StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new ArgumentException($"root: folder '{root}' holds no image ({string.Join(", ", Extensions)}){(recursive ? " in any subfolder" : "")}.", nameof(root));
        }

        return files;
    }
}
