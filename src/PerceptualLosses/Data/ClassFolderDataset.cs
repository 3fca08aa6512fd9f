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
        Guard.DirectoryExists(root);
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
    /// Evaluation transform of torchvision's ImageNet evaluation: <c>Resize(resize)</c> (shorter side, bilinear,
    /// antialiased) then <c>CenterCrop(crop)</c>, see <see cref="TorchvisionTransforms"/> (Resize(256) + CenterCrop(224)
    /// for ImageNet, as torchvision's and robustness' published accuracies are measured).
    /// </summary>
    public Tensor LoadForEvaluation(int index, int resize, int crop)
    {
        if (crop > resize)
        {
            throw new ArgumentException($"crop {crop} must not exceed resize {resize}.", nameof(crop));
        }

        using var scope = NewDisposeScope();
        var image = ImageIO.Load(samples[index].Path, ImageLoadOptions.ConvertToRgb);
        var resized = TorchvisionTransforms.Resize(image, resize);
        return TorchvisionTransforms.CenterCrop(resized, crop).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Training transform for small-image sets: a random <paramref name="crop"/>² window of the image (smaller images are
    /// an error) and a random horizontal flip, drawn from <paramref name="random"/>. For ImageNet use
    /// <see cref="LoadForTrainingResizedCrop"/>.
    /// </summary>
    public Tensor LoadForTraining(int index, int crop, DataRandom random)
    {
        Guard.NotNull(random);
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

    /// <summary>
    /// ImageNet training transform as torchvision's <c>RandomResizedCrop(crop)</c> + <c>RandomHorizontalFlip</c>: a window
    /// of 8–100 % of the area with aspect ratio in [3/4, 4/3] (log-uniform), ten tries, else the central crop of the
    /// nearest allowed ratio; resized to <paramref name="crop"/>² (MATLAB bicubic, antialiased when shrinking, instead of
    /// torchvision's bilinear); flipped with probability ½. Works for images of any size, smaller than the crop too.
    /// </summary>
    public Tensor LoadForTrainingResizedCrop(int index, int crop, DataRandom random)
    {
        Guard.NotNull(random);
        Guard.AtLeast(crop, 1);
        using var scope = NewDisposeScope();
        var image = ImageIO.Load(samples[index].Path, ImageLoadOptions.ConvertToRgb);
        var (top, left, h, w) = ResizedCropWindow((int)image.shape[1], (int)image.shape[2], random);
        var window = MatlabResize.Imresize(image.narrow(1, top, h).narrow(2, left, w), crop, crop).clamp(0, 1);
        if (random.Next(2) == 1)
        {
            window = window.flip(2);
        }

        return window.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Smallest and largest area fraction and aspect ratio of <see cref="LoadForTrainingResizedCrop"/> (torchvision's defaults).</summary>
    public static (double MinArea, double MaxArea, double MinRatio, double MaxRatio) ResizedCropRange { get; } = (0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);

    /// <summary>The window (top, left, height, width) of torchvision's <c>RandomResizedCrop.get_params</c>, drawn from <paramref name="random"/>.</summary>
    internal static (int Top, int Left, int Height, int Width) ResizedCropWindow(int height, int width, DataRandom random)
    {
        var (minArea, maxArea, minRatio, maxRatio) = ResizedCropRange;
        double area = (double)height * width;
        double Uniform(double low, double high) => low + (high - low) * ((random.NextUInt64() >> 11) * (1.0 / (1UL << 53)));
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * Uniform(minArea, maxArea);
            double aspect = Math.Exp(Uniform(Math.Log(minRatio), Math.Log(maxRatio)));
            int w = (int)Math.Round(Math.Sqrt(target * aspect));
            int h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                return (random.Next(height - h + 1), random.Next(width - w + 1), h, w);
            }
        }

        double ratio = (double)width / height;
        var (ch, cw) = ratio < minRatio ? ((int)Math.Round(width / minRatio), width)
            : ratio > maxRatio ? (height, (int)Math.Round(height * maxRatio))
            : (height, width);
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }
}
