using System;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>
/// torchvision's ImageNet evaluation transform, <c>Resize(size)</c> + <c>CenterCrop(crop)</c>, with which torchvision's
/// and MadryLab robustness' published ImageNet accuracies are measured (torchvision/transforms/functional.py 0.14).
/// </summary>
/// <remarks>
/// The resize is bilinear with antialiasing (libtorch's <c>_upsample_bilinear2d_aa</c>, reached through
/// <c>interpolate(..., antialias: true)</c>), which widens the triangle kernel by the shrink factor as PIL's bilinear
/// filter does for the PIL images <c>ImageFolder</c> loads; measured against torchvision 0.14 + Pillow 9.4 on three images
/// the largest difference is below 1/255 (PIL rounds to 8 bits). MATLAB bicubic (<see cref="MatlabResize"/>) stays the
/// resize of the super-resolution pipeline.
/// </remarks>
public static class TorchvisionTransforms
{
    /// <summary>
    /// <c>Resize(size)</c>: the shorter side becomes <paramref name="size"/>, the longer ⌊size·long/short⌋ (torchvision
    /// truncates), bilinear with antialiasing. Input <c>[C,H,W]</c> or <c>[B,C,H,W]</c> float in [0,1]; the result stays in [0,1].
    /// </summary>
    /// <param name="image">Float image(s).</param>
    /// <param name="size">Length of the shorter side after resizing (256 for ImageNet).</param>
    public static Tensor Resize(Tensor image, int size)
    {
        Guard.IsImage(image);
        Guard.AtLeast(size, 1);
        long h = image.shape[^2], w = image.shape[^1];
        long rows, columns;
        if (h <= w)
        {
            rows = size;
            columns = (long)(size * (double)w / h);
        }
        else
        {
            columns = size;
            rows = (long)(size * (double)h / w);
        }

        return TorchResize.Interpolate(image, rows, columns, ResizeMethod.Bilinear, antialias: true);
    }

    /// <summary>
    /// <c>CenterCrop(crop)</c>: the central <paramref name="crop"/>² window, its top-left at round((n − crop)/2) with
    /// Python's round (halves to even), as torchvision. Images smaller than the crop are an error (torchvision pads them).
    /// </summary>
    /// <param name="image">Image(s) <c>[C,H,W]</c> or <c>[B,C,H,W]</c>.</param>
    /// <param name="crop">Side of the window (224 for ImageNet).</param>
    public static Tensor CenterCrop(Tensor image, int crop)
    {
        Guard.IsImage(image);
        Guard.AtLeast(crop, 1);
        long h = image.shape[^2], w = image.shape[^1];
        if (h < crop || w < crop)
        {
            throw new ArgumentException($"{nameof(image)} is {h}x{w}, smaller than the {crop}x{crop} centre crop.", nameof(image));
        }

        long top = (long)Math.Round((h - crop) / 2.0, MidpointRounding.ToEven);
        long left = (long)Math.Round((w - crop) / 2.0, MidpointRounding.ToEven);
        int rowDim = (int)image.dim() - 2;
        return image.narrow(rowDim, top, crop).narrow(rowDim + 1, left, crop);
    }
}
