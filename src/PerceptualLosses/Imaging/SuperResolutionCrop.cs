using System;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>Border conventions of super-resolution evaluation (SelfExSR <c>compute_difference.m</c>, BasicSR <c>crop_border</c>).</summary>
public static class SuperResolutionCrop
{
    /// <summary>
    /// Crops the bottom and right so height and width are multiples of <paramref name="scale"/> (MATLAB <c>modcrop</c>),
    /// so that downscaling by 1/scale and upscaling by scale returns the same size.
    /// </summary>
    public static Tensor ToMultipleOf(Tensor image, int scale)
    {
        Guard.IsImage(image);
        Guard.AtLeast(scale, 1);
        long h = image.shape[^2], w = image.shape[^1];
        if (h < scale || w < scale)
        {
            throw new ArgumentException($"image is {h}x{w}, smaller than the scale {scale}.", nameof(image));
        }

        return image.narrow(-2, 0, h - (h % scale)).narrow(-1, 0, w - (w % scale));
    }

    /// <summary>Whether both sides are multiples of <paramref name="scale"/>.</summary>
    public static bool IsMultipleOf(Tensor image, int scale) => image.shape[^2] % scale == 0 && image.shape[^1] % scale == 0;

    /// <summary>Removes <paramref name="border"/> pixels from every side (SR convention: border = scale).</summary>
    /// <exception cref="ArgumentException">Nothing would remain.</exception>
    public static Tensor ShaveBorder(Tensor image, int border)
    {
        Guard.IsImage(image);
        Guard.AtLeast(border, 0);
        long h = image.shape[^2], w = image.shape[^1];
        if (2L * border >= h || 2L * border >= w)
        {
            throw new ArgumentException($"Shaving {border} pixels from each side of a {h}x{w} image leaves nothing.", nameof(border));
        }

        return border == 0 ? image.alias() : image.narrow(-2, border, h - 2 * border).narrow(-1, border, w - 2 * border);
    }
}
