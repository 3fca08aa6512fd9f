using System;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>
/// PyTorch-style resizing via <c>torch.nn.functional.interpolate</c>, for comparison with <see cref="MatlabResize"/>.
/// Output size is ⌊s·n⌋ as in PyTorch with <c>scale_factor</c>; borders are clamped, not mirrored.
/// </summary>
public static class TorchResize
{
    /// <summary>Resizes <c>[C,H,W]</c> or <c>[B,C,H,W]</c> float images by <paramref name="scale"/>.</summary>
    /// <param name="image">Float image(s).</param>
    /// <param name="scale">Scale factor &gt; 0.</param>
    /// <param name="method">Kernel.</param>
    /// <param name="antialias">Widen the kernel when shrinking (bicubic and bilinear only).</param>
    /// <param name="alignCorners">PyTorch's <c>align_corners</c> (bicubic and bilinear only).</param>
    public static Tensor Interpolate(Tensor image, double scale, ResizeMethod method, bool antialias = false, bool alignCorners = false)
    {
        Guard.IsImage(image);
        Guard.Positive(scale);
        long h = image.shape[^2], w = image.shape[^1];
        long outH = (long)Math.Floor(h * scale), outW = (long)Math.Floor(w * scale);
        if (outH < 1 || outW < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"scale {scale} turns {h}x{w} into fewer than one pixel.");
        }

        return Interpolate(image, outH, outW, method, antialias, alignCorners);
    }

    /// <summary>Resizes to an explicit size.</summary>
    public static Tensor Interpolate(Tensor image, long rows, long columns, ResizeMethod method, bool antialias = false, bool alignCorners = false)
    {
        Guard.IsImage(image);
        Guard.AtLeast(rows, 1);
        Guard.AtLeast(columns, 1);
        if (method == ResizeMethod.Nearest && (antialias || alignCorners))
        {
            throw new ArgumentException("antialias and alignCorners apply to bicubic and bilinear only.", nameof(method));
        }

        using var scope = NewDisposeScope();
        bool batched = image.dim() == 4;
        var x = batched ? image : image.unsqueeze(0);
        var mode = method switch
        {
            ResizeMethod.Bicubic => InterpolationMode.Bicubic,
            ResizeMethod.Bilinear => InterpolationMode.Bilinear,
            ResizeMethod.Nearest => InterpolationMode.Nearest,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown resize method."),
        };
        var result = method == ResizeMethod.Nearest
            ? nn.functional.interpolate(x, size: new[] { rows, columns }, mode: mode)
            : nn.functional.interpolate(x, size: new[] { rows, columns }, mode: mode, align_corners: alignCorners, antialias: antialias);
        return (batched ? result : result.squeeze(0)).MoveToOuterDisposeScope();
    }
}
