using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>
/// Image files ↔ tensors. Tensors are float32 <c>[C,H,W]</c> with values in [0,1], RGB (or one gray channel).
/// </summary>
/// <remarks>
/// Reading goes through 16 bits per channel, so 8-bit files give exactly v/255 and 16-bit PNGs keep full precision (v/65535).
/// Writing rounds v·255 (or v·65535) half away from zero, as MATLAB's <c>im2uint8</c>/<c>uint8()</c> do; values outside [0,1]
/// are an error, never clamped. Formats by extension: png, jpg/jpeg, bmp, tif/tiff.
/// </remarks>
public static class ImageIO
{
    /// <summary>File extensions that can be read and written.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = new[] { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff" };

    /// <summary>Reads an image file as <c>[3,H,W]</c> (or <c>[1,H,W]</c> with <see cref="ImageLoadOptions.AsGrayscale"/>), float32 in [0,1].</summary>
    /// <param name="path">Image file.</param>
    /// <param name="options">Conversions allowed; <see cref="ImageLoadOptions.Strict"/> when null.</param>
    /// <exception cref="FileNotFoundException">Missing file.</exception>
    /// <exception cref="NotSupportedException">Unsupported extension.</exception>
    /// <exception cref="InvalidDataException">
    /// Unreadable or corrupt file, or a colour layout that <paramref name="options"/> does not allow; the message then names the
    /// option to set (<see cref="ImageLoadOptions.ConvertGrayscaleToRgb"/> or <see cref="ImageLoadOptions.DropAlpha"/>, recorded as <see cref="NamedSettings"/>).
    /// </exception>
    public static Tensor Load(string path, ImageLoadOptions? options = null)
    {
        Guard.FileExists(path);
        CheckExtension(path, nameof(path));
        options ??= ImageLoadOptions.Strict;
        Image<Rgba64> image;
        IImageInfo? info;
        IImageFormat format;
        try
        {
            // Identify reports the file's own pixel layout; the loaded image is always 16-bit RGBA.
            info = Image.Identify(path, out format);
            image = Image.Load<Rgba64>(path);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException or IOException)
        {
            throw new InvalidDataException($"path: '{path}' is not a readable image ({e.Message}).", e);
        }

        using (image)
        {
            if (info is null || format is null)
            {
                throw new InvalidDataException($"path: '{path}' is not a readable image.");
            }

            var (gray, alpha) = Layout(info, format);
            if (alpha && !options.DropAlpha)
            {
                // Named as the option to set (NamedSettings), so a front end can say its own name for it.
                throw new InvalidDataException($"path: '{path}' has an alpha channel; load it with {nameof(ImageLoadOptions.DropAlpha)} to drop it (the colour values are kept, not composited).")
                    .Naming(new[] { nameof(ImageLoadOptions.DropAlpha) });
            }

            if (options.AsGrayscale && !gray)
            {
                throw new InvalidDataException($"path: '{path}' is a colour image but a grayscale one was asked for; load it as RGB and use ColorConversion.RgbToY.");
            }

            if (gray && !options.AsGrayscale && !options.ConvertGrayscaleToRgb)
            {
                throw new InvalidDataException($"path: '{path}' is grayscale; load it with {nameof(ImageLoadOptions.ConvertGrayscaleToRgb)} to replicate its channel to RGB.")
                    .Naming(new[] { nameof(ImageLoadOptions.ConvertGrayscaleToRgb) });
            }

            return ToTensor(image, options.AsGrayscale ? 1 : 3);
        }
    }

    /// <summary>Whether an image file stores grey levels only (one channel, with or without alpha); only its header is read.</summary>
    /// <param name="path">Image file.</param>
    /// <exception cref="InvalidDataException">Not a readable image.</exception>
    public static bool IsGrayscale(string path)
    {
        Guard.FileExists(path);
        try
        {
            var info = Image.Identify(path, out var format);
            return info is not null && format is not null ? Layout(info, format).Gray : throw new InvalidDataException($"path: '{path}' is not a readable image.");
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException or IOException)
        {
            throw new InvalidDataException($"path: '{path}' is not a readable image ({e.Message}).", e);
        }
    }

    /// <summary>Reads several same-sized images as <c>[B,3,H,W]</c>.</summary>
    /// <exception cref="ArgumentException">No paths, or sizes differ (the message names both files).</exception>
    public static Tensor LoadBatch(IReadOnlyList<string> paths, ImageLoadOptions? options = null)
    {
        Guard.NotNull(paths);
        Guard.NotEmpty(paths, "file");

        using var scope = NewDisposeScope();
        var images = paths.Select(p => Load(p, options)).ToArray();
        for (int i = 1; i < images.Length; i++)
        {
            if (!images[i].shape.SequenceEqual(images[0].shape))
            {
                throw new ArgumentException($"paths: '{paths[i]}' is [{Guard.Shape(images[i])}] but '{paths[0]}' is [{Guard.Shape(images[0])}]; a batch needs one size.", nameof(paths));
            }
        }

        return stack(images).MoveToOuterDisposeScope();
    }

    /// <summary>Reads a prediction and its target as two <c>[1,C,H,W]</c> batches of one size (nothing is resized).</summary>
    /// <param name="predictionPath">The reconstructed image.</param>
    /// <param name="targetPath">The target image.</param>
    /// <param name="options">Conversions allowed; <see cref="ImageLoadOptions.Strict"/> when null.</param>
    /// <exception cref="ArgumentException">The sizes differ (the message names both files).</exception>
    public static (Tensor Prediction, Tensor Target) LoadPair(string predictionPath, string targetPath, ImageLoadOptions? options = null)
    {
        using var scope = NewDisposeScope();
        var prediction = Load(predictionPath, options);
        var target = Load(targetPath, options);
        if (!prediction.shape.SequenceEqual(target.shape))
        {
            throw new ArgumentException(
                $"predictionPath '{predictionPath}' is [{Guard.Shape(prediction)}] but targetPath '{targetPath}' is [{Guard.Shape(target)}]; a pair must have one size (nothing is resized).",
                nameof(targetPath));
        }

        return (prediction.unsqueeze(0).MoveToOuterDisposeScope(), target.unsqueeze(0).MoveToOuterDisposeScope());
    }

    /// <summary>Writes <c>[C,H,W]</c> (C = 1 or 3; or <c>[1,C,H,W]</c>) with values in [0,1] to a file; the folder must exist.</summary>
    /// <param name="image">Image tensor, any float dtype and device.</param>
    /// <param name="path">Output file; format from the extension.</param>
    /// <param name="bitDepth">8 bits, or 16 bits (PNG only).</param>
    /// <exception cref="ArgumentException">Wrong shape, or values outside [0,1] or NaN.</exception>
    public static void Save(Tensor image, string path, ImageBitDepth bitDepth = ImageBitDepth.Eight)
    {
        Guard.IsImage(image);
        Guard.NotNull(path);
        string extension = CheckExtension(path, nameof(path));
        if (image.dim() == 4)
        {
            if (image.shape[0] != 1)
            {
                throw new ArgumentException($"image must be [C,H,W] or [1,C,H,W]; got [{Guard.Shape(image)}]. Save batch items one by one.", nameof(image));
            }

            image = image[0];
        }

        long channels = image.shape[0];
        if (channels != 1 && channels != 3)
        {
            throw new ArgumentException($"image must have 1 or 3 channels; got [{Guard.Shape(image)}].", nameof(image));
        }

        if (bitDepth == ImageBitDepth.Sixteen && extension != ".png")
        {
            throw new ArgumentException($"16-bit output is supported for PNG only; got '{extension}'.", nameof(bitDepth));
        }

        Guard.InRange(image, 0, 1);
        int height = (int)image.shape[1], width = (int)image.shape[2];
        double levels = bitDepth == ImageBitDepth.Sixteen ? 65535 : 255;
        ushort[] quantized;
        using (var scope = NewDisposeScope())
        {
            // Half away from zero (MATLAB's uint8()/uint16()); for v ≥ 0 that is floor(v·L + 0.5).
            var q = (image.detach().to_type(ScalarType.Float64).cpu() * levels + 0.5).floor().to_type(ScalarType.Int32);
            quantized = q.permute(1, 2, 0).contiguous().data<int>().ToArray().Select(v => (ushort)v).ToArray();
        }

        using var output = new Image<Rgba64>(width, height);
        output.ProcessPixelRows(accessor =>
        {
            double scale = 65535 / levels;
            for (int y = 0; y < height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    int o = (y * width + x) * (int)channels;
                    ushort r = (ushort)(quantized[o] * scale);
                    ushort g = channels == 3 ? (ushort)(quantized[o + 1] * scale) : r;
                    ushort b = channels == 3 ? (ushort)(quantized[o + 2] * scale) : r;
                    row[x] = new Rgba64(r, g, b, ushort.MaxValue);
                }
            }
        });
        output.Save(path, Encoder(extension, channels, bitDepth));
    }

    private static IImageEncoder Encoder(string extension, long channels, ImageBitDepth bitDepth) => extension switch
    {
        ".png" => new PngEncoder
        {
            BitDepth = bitDepth == ImageBitDepth.Sixteen ? PngBitDepth.Bit16 : PngBitDepth.Bit8,
            ColorType = channels == 1 ? PngColorType.Grayscale : PngColorType.Rgb,
        },
        ".jpg" or ".jpeg" => new JpegEncoder { Quality = 95 },
        ".bmp" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
        ".tif" or ".tiff" => new TiffEncoder(),
        _ => throw new NotSupportedException($"Unsupported image format '{extension}'."),
    };

    private static Tensor ToTensor(Image<Rgba64> image, int channels)
    {
        int height = image.Height, width = image.Width;
        var data = new float[channels * height * width];
        int plane = height * width;
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = accessor.GetRowSpan(y);
                int offset = y * width;
                for (int x = 0; x < width; x++)
                {
                    var p = row[x];
                    data[offset + x] = p.R / 65535f;
                    if (channels == 3)
                    {
                        data[plane + offset + x] = p.G / 65535f;
                        data[2 * plane + offset + x] = p.B / 65535f;
                    }
                }
            }
        });
        return tensor(data, new long[] { channels, height, width });
    }

    private static (bool Gray, bool Alpha) Layout(IImageInfo image, IImageFormat format)
    {
        bool alpha = image.PixelType.AlphaRepresentation is not null && image.PixelType.AlphaRepresentation != PixelAlphaRepresentation.None;
        if (format is PngFormat)
        {
            var png = image.Metadata.GetPngMetadata();
            return (png.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha,
                png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha || (png.HasTransparency && png.ColorType == PngColorType.Palette));
        }

        if (format is JpegFormat)
        {
            return (image.Metadata.GetJpegMetadata().ColorType == JpegColorType.Luminance, false);
        }

        if (format is BmpFormat)
        {
            // 8-bit BMPs are palette images and read as RGB; only 32-bit BMPs can carry alpha.
            return (false, alpha && image.PixelType.BitsPerPixel == 32);
        }

        return (image.PixelType.BitsPerPixel is 8 or 16, alpha);
    }

    private static string CheckExtension(string path, string name)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (!SupportedExtensions.Contains(extension))
        {
            throw new NotSupportedException($"{name}: '{path}' has an unsupported image format '{extension}'; supported: {string.Join(", ", SupportedExtensions)}.");
        }

        return extension;
    }
}
