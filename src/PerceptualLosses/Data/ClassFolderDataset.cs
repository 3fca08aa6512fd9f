using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Imaging;
using static TorchSharp.torch;

namespace PerceptualLosses.Data;

/// <summary>
/// An ImageNet-style folder: one subfolder per class (<c>root/&lt;class&gt;/*.png</c>); class index = ordinal order of the
/// folder names, as torchvision's <c>ImageFolder</c>.
/// </summary>
public sealed class ClassFolderDataset
{
    private readonly (string Path, int Label)[] samples;

    /// <summary>Indexes <paramref name="root"/>.</summary>
    /// <exception cref="ArgumentException">No class folders, or a class folder without images (named).</exception>
    public ClassFolderDataset(string root)
    {
        Guard.DirectoryExists(root, nameof(root));
        Classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (Classes.Count == 0)
        {
            throw new ArgumentException($"root: '{root}' has no class subfolders (expected root/<class>/<images>).", nameof(root));
        }

        samples = Classes.SelectMany((name, label) => ImageFolder.List(Path.Combine(root, name)).Select(p => (p, label))).ToArray();
    }

    /// <summary>Class names; the index in this list is the label.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Number of images.</summary>
    public int Count => samples.Length;

    /// <summary>Label of image <paramref name="index"/>.</summary>
    public int Label(int index) => samples[index].Label;

    /// <summary>
    /// Evaluation transform: the shorter side resized to <paramref name="resize"/> (MATLAB bicubic, antialiased), then the
    /// central <paramref name="crop"/>² (torchvision's Resize(256) + CenterCrop(224) for ImageNet).
    /// </summary>
    public Tensor LoadForEvaluation(int index, int resize, int crop)
    {
        if (crop > resize)
        {
            throw new ArgumentException($"crop {crop} must not exceed resize {resize}.", nameof(crop));
        }

        using var scope = NewDisposeScope();
        var image = ImageIO.Load(samples[index].Path, ImageLoadOptions.ConvertToRgb);
        long h = image.shape[1], w = image.shape[2];
        double scale = (double)resize / Math.Min(h, w);
        var resized = MatlabResize.Imresize(image, (int)Math.Round(h * scale), (int)Math.Round(w * scale));
        long top = (resized.shape[1] - crop) / 2, left = (resized.shape[2] - crop) / 2;
        return resized.narrow(1, top, crop).narrow(2, left, crop).clamp(0, 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Training transform: a random <paramref name="crop"/>² window of the image (smaller images are an error) and a random
    /// horizontal flip, drawn from <paramref name="random"/>.
    /// </summary>
    public Tensor LoadForTraining(int index, int crop, DataRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        using var scope = NewDisposeScope();
        var image = ImageIO.Load(samples[index].Path, ImageLoadOptions.ConvertToRgb);
        if (image.shape[1] < crop || image.shape[2] < crop)
        {
            throw new ArgumentException($"Image '{samples[index].Path}' is {image.shape[1]}x{image.shape[2]}, smaller than the {crop}x{crop} crop.", nameof(crop));
        }

        int top = random.Next((int)image.shape[1] - crop + 1), left = random.Next((int)image.shape[2] - crop + 1);
        var window = image.narrow(1, top, crop).narrow(2, left, crop);
        if (random.Next(2) == 1)
        {
            window = window.flip(2);
        }

        return window.contiguous().MoveToOuterDisposeScope();
    }
}
