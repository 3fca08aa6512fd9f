using System;
using System.Collections.Generic;
using SkiaSharp;

namespace PerceptualLosses.Study.Reporting;

/// <summary>The paper's Figure 2: the same crop from HR, bicubic and each model, labelled, in a grid.</summary>
public static class ReconstructionGridFigure
{
    /// <summary>Renders labelled RGB crops (all the same size) into a PNG grid.</summary>
    /// <param name="path">Output PNG.</param>
    /// <param name="tiles">Label and pixels as interleaved RGB bytes of <paramref name="tileWidth"/>×<paramref name="tileHeight"/>.</param>
    /// <param name="tileWidth">Crop width in pixels.</param>
    /// <param name="tileHeight">Crop height in pixels.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="zoom">Integer nearest-neighbour magnification, so that artifacts stay visible.</param>
    public static void Save(string path, IReadOnlyList<(string Label, byte[] Rgb)> tiles, int tileWidth, int tileHeight, int columns = 4, int zoom = 2)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new ArgumentException("No tiles to draw.", nameof(tiles));
        }

        if (columns < 1 || zoom < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), "columns and zoom must be >= 1.");
        }

        const int LabelHeight = 28;
        const int Gap = 6;
        int cellWidth = tileWidth * zoom, cellHeight = tileHeight * zoom + LabelHeight;
        int rows = (tiles.Count + columns - 1) / columns;
        using var surface = SKSurface.Create(new SKImageInfo(columns * (cellWidth + Gap) + Gap, rows * (cellHeight + Gap) + Gap));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 18);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (int i = 0; i < tiles.Count; i++)
        {
            var (label, rgb) = tiles[i];
            if (rgb.Length != tileWidth * tileHeight * 3)
            {
                throw new ArgumentException($"Tile '{label}' has {rgb.Length} bytes; expected {tileWidth}x{tileHeight}x3.", nameof(tiles));
            }

            using var bitmap = new SKBitmap(new SKImageInfo(tileWidth, tileHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
            for (int y = 0; y < tileHeight; y++)
            {
                for (int x = 0; x < tileWidth; x++)
                {
                    int o = 3 * (y * tileWidth + x);
                    bitmap.SetPixel(x, y, new SKColor(rgb[o], rgb[o + 1], rgb[o + 2]));
                }
            }

            float left = Gap + (i % columns) * (cellWidth + Gap);
            float top = Gap + (i / columns) * (cellHeight + Gap);
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, new SKRect(left, top, left + cellWidth, top + tileHeight * zoom), new SKSamplingOptions(SKFilterMode.Nearest));
            canvas.DrawText(label, left + 2, top + tileHeight * zoom + LabelHeight - 8, SKTextAlign.Left, font, paint);
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        using var file = System.IO.File.Create(path);
        data.SaveTo(file);
    }
}
