using System;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>MATLAB-compatible bicubic <c>imresize</c> as batched tensor operations (CPU or CUDA).</summary>
public static class MatlabResize
{
    /// <summary>
    /// Resizes <c>[C,H,W]</c> or <c>[B,C,H,W]</c> float images by <paramref name="scale"/> exactly as MATLAB's
    /// <c>imresize(img, scale, 'bicubic')</c> does (antialiasing on when shrinking).
    /// </summary>
    public static Tensor Imresize(Tensor image, double scale) =>
        throw new NotImplementedException("MatlabResize.Imresize is being implemented (Foundation issue).");
}
