using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;

namespace PerceptualLosses.Cli.Commands;

/// <summary>File-or-folder arguments shared by the image verbs.</summary>
internal static class ImageArguments
{
    /// <summary>
    /// Expands <paramref name="input"/> to (source, destination) pairs: a file maps to <paramref name="output"/> as a file;
    /// a folder maps every image to the same relative path under the output folder.
    /// </summary>
    public static IReadOnlyList<(string Source, string Destination)> Pairs(string input, string output)
    {
        if (File.Exists(input))
        {
            return new[] { (input, output) };
        }

        if (!Directory.Exists(input))
        {
            throw new ArgumentException($"--input '{input}' does not exist: expected an image file or a folder of images.");
        }

        if (File.Exists(output))
        {
            throw new ArgumentException($"--out '{output}' is a file but --input is a folder; give an output folder.");
        }

        return ImageFolder.List(input)
            .Select(source => (source, Path.Combine(output, Path.ChangeExtension(Path.GetRelativePath(input, source), ".png"))))
            .ToArray();
    }
}
