namespace PerceptualLosses.Imaging;

/// <summary>How <see cref="ImageIO.Load(string, ImageLoadOptions?)"/> treats files that are not plain RGB. Conversions are opt-in.</summary>
/// <param name="ConvertGrayscaleToRgb">Grayscale files become RGB by replicating the channel; false: they are an error.</param>
/// <param name="DropAlpha">Files with an alpha channel lose it (colour values are kept, not composited); false: they are an error.</param>
/// <param name="AsGrayscale">Return one channel: grayscale files as stored; RGB files are an error (convert with <see cref="ColorConversion.RgbToY"/> instead).</param>
public sealed record ImageLoadOptions(bool ConvertGrayscaleToRgb = false, bool DropAlpha = false, bool AsGrayscale = false)
{
    /// <summary>RGB files only; anything else is an error naming the conversion to ask for.</summary>
    public static ImageLoadOptions Strict { get; } = new();

    /// <summary>Grayscale replicated to RGB and alpha dropped (what datasets such as MS-COCO, which holds some grayscale JPEGs, need).</summary>
    public static ImageLoadOptions ConvertToRgb { get; } = new(ConvertGrayscaleToRgb: true, DropAlpha: true);

    /// <summary>Single-channel files as <c>[1,H,W]</c>.</summary>
    public static ImageLoadOptions Grayscale { get; } = new(AsGrayscale: true, DropAlpha: true);
}
