using System;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Data;

/// <summary>Crops the same region from an HR image and its LR version.</summary>
public static class AlignedCrop
{
    /// <summary>
    /// A random HR crop of <paramref name="hrSize"/>² at a position that is a multiple of <paramref name="scale"/>, and the LR crop
    /// (hrSize/scale)² that covers the same area.
    /// </summary>
    /// <exception cref="ArgumentException">Crop larger than the image, or sizes not consistent with the scale.</exception>
    public static (Tensor LowResolution, Tensor HighResolution) Random(Tensor lowResolution, Tensor highResolution, int scale, int hrSize, DataRandom random)
    {
        Guard.IsImage(lowResolution);
        Guard.IsImage(highResolution);
        Guard.NotNull(random);
        if (hrSize % scale != 0)
        {
            throw new ArgumentException($"hrSize {hrSize} must be a multiple of the scale {scale}.", nameof(hrSize));
        }

        long lh = lowResolution.shape[^2], lw = lowResolution.shape[^1];
        if (highResolution.shape[^2] != lh * scale || highResolution.shape[^1] != lw * scale)
        {
            throw new ArgumentException($"HR [{Guard.Shape(highResolution)}] is not {scale}x LR [{Guard.Shape(lowResolution)}].", nameof(highResolution));
        }

        int lrSize = hrSize / scale;
        if (lrSize > lh || lrSize > lw)
        {
            throw new ArgumentException($"Crop {hrSize}x{hrSize} is larger than the HR image {lh * scale}x{lw * scale}.", nameof(hrSize));
        }

        int top = random.Next((int)(lh - lrSize + 1)), left = random.Next((int)(lw - lrSize + 1));
        return (lowResolution.narrow(-2, top, lrSize).narrow(-1, left, lrSize),
                highResolution.narrow(-2, top * scale, hrSize).narrow(-1, left * scale, hrSize));
    }
}
