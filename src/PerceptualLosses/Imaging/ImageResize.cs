using System.IO;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>Resizing by a scale factor with a <see cref="ResizeAlgorithm"/> chosen by name (<c>perceptual resize --method</c>).</summary>
public static class ImageResize
{
    /// <summary>The names of <see cref="ResizeAlgorithm"/>: <c>matlab-bicubic</c>, <c>torch-bicubic</c>, <c>torch-bilinear</c>, <c>nearest</c>.</summary>
    public static EnumNames<ResizeAlgorithm> Algorithms { get; } = new(
        "algorithm",
        (ResizeAlgorithm.MatlabBicubic, "matlab-bicubic"),
        (ResizeAlgorithm.TorchBicubic, "torch-bicubic"),
        (ResizeAlgorithm.TorchBilinear, "torch-bilinear"),
        (ResizeAlgorithm.Nearest, "nearest"));

    /// <summary>
    /// Resizes an image file into <paramref name="destination"/> (its folder is created): a grey file stays grey, an RGB
    /// one RGB; the values are clamped to [0,1] before the file is written, as MATLAB's uint8 output is.
    /// </summary>
    /// <param name="source">Image file.</param>
    /// <param name="destination">Output file; format from the extension.</param>
    /// <param name="scale">Scale factor, &gt; 0.</param>
    /// <param name="algorithm">The resizer.</param>
    /// <param name="dropAlpha">Whether an alpha channel is dropped (the colour values are resized); false: a file with one is an error.</param>
    /// <exception cref="InvalidDataException">Not a readable image, or an alpha channel without <paramref name="dropAlpha"/>.</exception>
    public static void ResizeFile(string source, string destination, double scale, ResizeAlgorithm algorithm, bool dropAlpha = false)
    {
        Guard.NotNull(destination);
        Guard.Positive(scale);
        Guard.Defined(algorithm);
        using var scope = NewDisposeScope();
        var image = ImageIO.Load(source, new ImageLoadOptions(DropAlpha: dropAlpha, AsGrayscale: ImageIO.IsGrayscale(source)));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        ImageIO.Save(Apply(image, scale, algorithm).clamp(0, 1), destination);
    }

    /// <summary>
    /// <paramref name="image"/> resized by <paramref name="scale"/>. The values are as the algorithm gives them: bicubic
    /// overshoots [0,1] near edges (clamp before saving, as MATLAB's uint8 output does).
    /// </summary>
    /// <param name="image"><c>[C,H,W]</c> or <c>[B,C,H,W]</c>.</param>
    /// <param name="scale">Scale factor, &gt; 0.</param>
    /// <param name="algorithm">The resizer.</param>
    public static Tensor Apply(Tensor image, double scale, ResizeAlgorithm algorithm) => algorithm switch
    {
        ResizeAlgorithm.MatlabBicubic => MatlabResize.Imresize(image, scale),
        ResizeAlgorithm.TorchBicubic => TorchResize.Interpolate(image, scale, ResizeMethod.Bicubic, antialias: scale < 1),
        ResizeAlgorithm.TorchBilinear => TorchResize.Interpolate(image, scale, ResizeMethod.Bilinear, antialias: scale < 1),
        ResizeAlgorithm.Nearest => TorchResize.Interpolate(image, scale, ResizeMethod.Nearest),
        _ => throw new System.ArgumentOutOfRangeException(nameof(algorithm), algorithm, Algorithms.Expected(algorithm.ToString())),
    };
}
