using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Imaging;
using static TorchSharp.torch;

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
        var files = Find(root, recursive);
        if (files.Length == 0)
        {
            throw new ArgumentException($"root: folder '{root}' holds no image ({string.Join(", ", Extensions)}){(recursive ? " in any subfolder" : "")}.", nameof(root));
        }

        return files;
    }

    /// <summary>
    /// The first <paramref name="maxImages"/> images below <paramref name="imageFolder"/> in <see cref="List"/>'s order
    /// (all when 0), for a pass of image statistics such as <see cref="Models.VggNormalization"/>; checked before any is read.
    /// </summary>
    /// <param name="imageFolder">Folder searched recursively.</param>
    /// <param name="maxImages">At most this many images; 0 = all.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">It holds no image, or <paramref name="maxImages"/> is negative.</exception>
    public static IReadOnlyList<string> Take(string imageFolder, int maxImages)
    {
        Guard.AtLeast(maxImages, 0);
        Guard.DirectoryExists(imageFolder);
        var files = Find(imageFolder, recursive: true);
        if (files.Length == 0)
        {
            throw new ArgumentException($"imageFolder '{imageFolder}' holds no image ({string.Join(", ", Extensions)}) in any subfolder.", nameof(imageFolder));
        }

        return maxImages == 0 ? files : files.Take(maxImages).ToArray();
    }

    /// <summary>
    /// Each file read as RGB <c>[3,H,W]</c> in [0,1] (grey files replicated to three channels, alpha dropped; nothing
    /// resized) on <paramref name="device"/>, one at a time: a tensor is disposed when the enumeration moves on.
    /// </summary>
    /// <param name="files">Image files, e.g. from <see cref="Take"/>.</param>
    /// <param name="device">Where the tensors go; CPU when null.</param>
    /// <param name="used">Called with the running count and the file name once the consumer has used an image (asks for the next one).</param>
    public static IEnumerable<Tensor> LoadEachRgb(IEnumerable<string> files, Device? device = null, Action<int, string>? used = null)
    {
        Guard.NotNull(files);
        int count = 0;
        foreach (var file in files)
        {
            using var cpu = ImageIO.Load(file, ImageLoadOptions.ConvertToRgb);
            using var moved = cpu.to(device ?? CPU);
            yield return moved;
            used?.Invoke(++count, Path.GetFileName(file));
        }
    }

    /// <summary>
    /// The images of two folders paired by file name (top level only, ordinal order of the name), e.g. references and
    /// their distorted versions; checked before any is read.
    /// </summary>
    /// <param name="referenceFolder">Folder of the references.</param>
    /// <param name="distortedFolder">Folder of the distorted images, one of each reference's name.</param>
    /// <returns>Name, reference path and distorted path of each pair.</returns>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="ArgumentException">A name is in one folder only, or they hold no image.</exception>
    public static IReadOnlyList<(string Name, string Reference, string Distorted)> Pairs(string referenceFolder, string distortedFolder)
    {
        if (File.Exists(Guard.NotNull(referenceFolder)))
        {
            throw new ArgumentException($"referenceFolder '{referenceFolder}' is a file: pairs are made of two folders.", nameof(referenceFolder));
        }

        if (File.Exists(Guard.NotNull(distortedFolder)))
        {
            throw new ArgumentException($"distortedFolder '{distortedFolder}' is a file: pairs are made of two folders.", nameof(distortedFolder));
        }

        Guard.DirectoryExists(referenceFolder);
        Guard.DirectoryExists(distortedFolder);
        var references = Find(referenceFolder, recursive: false).ToDictionary(f => Path.GetFileName(f), StringComparer.Ordinal);
        var distorted = Find(distortedFolder, recursive: false).ToDictionary(f => Path.GetFileName(f), StringComparer.Ordinal);
        var onlyReference = references.Keys.Except(distorted.Keys, StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var onlyDistorted = distorted.Keys.Except(references.Keys, StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (onlyReference.Length > 0 || onlyDistorted.Length > 0)
        {
            throw new ArgumentException(
                $"distortedFolder '{distortedFolder}' does not pair with referenceFolder '{referenceFolder}' by file name. " +
                $"Only in referenceFolder: [{string.Join(", ", onlyReference)}]. Only in distortedFolder: [{string.Join(", ", onlyDistorted)}].", nameof(distortedFolder));
        }

        if (references.Count == 0)
        {
            throw new ArgumentException($"referenceFolder '{referenceFolder}' holds no image ({string.Join(", ", Extensions)}).", nameof(referenceFolder));
        }

        return references.Keys.OrderBy(n => n, StringComparer.Ordinal).Select(n => (n, references[n], distorted[n])).ToArray();
    }

    /// <summary>
    /// Where each input image goes: a file maps to <paramref name="outputPath"/> as a file; a folder maps every image
    /// under it (recursively) to the same relative path under the output folder, as PNG.
    /// </summary>
    /// <param name="inputPath">An image file or a folder of images.</param>
    /// <param name="outputPath">The output file (for a file) or folder (for a folder).</param>
    /// <returns>Source and destination of each image.</returns>
    /// <exception cref="ArgumentException">The input does not exist, or it is a folder and the output is a file.</exception>
    public static IReadOnlyList<(string Source, string Destination)> Destinations(string inputPath, string outputPath)
    {
        Guard.NotNull(inputPath);
        Guard.NotNull(outputPath);
        if (File.Exists(inputPath))
        {
            return new[] { (inputPath, outputPath) };
        }

        if (!Directory.Exists(inputPath))
        {
            throw new ArgumentException($"inputPath '{inputPath}' does not exist: expected an image file or a folder of images.", nameof(inputPath));
        }

        if (File.Exists(outputPath))
        {
            throw new ArgumentException($"outputPath '{outputPath}' is a file but inputPath is a folder; give an output folder.", nameof(outputPath));
        }

        return List(inputPath)
            .Select(source => (source, Path.Combine(outputPath, Path.ChangeExtension(Path.GetRelativePath(inputPath, source), ".png"))))
            .ToArray();
    }

    private static string[] Find(string root, bool recursive) =>
        Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => Path.GetRelativePath(root, f).Replace('\\', '/'), StringComparer.Ordinal)
            .ToArray();
}
