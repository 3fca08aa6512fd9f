using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Reproduction.Reporting;
using SkiaSharp;
using Xunit;

namespace PerceptualLosses.Tests.Reproduction;

public sealed class FigureTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-fig-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ClassificationErrorFigure_WritesTwoPanelPngWithContent()
    {
        string path = Path.Combine(root, "figure1.png");
        var robust = new Dictionary<string, double> { ["E"] = 0.6, ["EP"] = 0.5, ["EP (robust)"] = 0.4 };
        var normal = new Dictionary<string, double> { ["E"] = 0.3, ["EP"] = 0.35, ["EP (robust)"] = 0.45 };

        ClassificationErrorFigure.Save(path, robust, normal, panelWidth: 400, height: 300);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(800, bitmap.Width);
        Assert.Equal(300, bitmap.Height);
        var colours = bitmap.Pixels.Distinct().Count();
        Assert.True(colours > 20, $"only {colours} distinct colours: the figure looks empty");
        Assert.Contains(bitmap.Pixels, p => p.Red > 200 && p.Green < 80 && p.Blue < 80); // the red baseline
    }

    [Fact]
    public void ClassificationErrorFigure_Throws_WithoutBaselineModel()
    {
        var errors = new Dictionary<string, double> { ["EP"] = 0.5 };
        Assert.Throws<ArgumentException>(() => ClassificationErrorFigure.Save(Path.Combine(root, "x.png"), errors, errors));
    }

    [Fact]
    public void ReconstructionGridFigure_PlacesZoomedTilesInAGrid()
    {
        string path = Path.Combine(root, "figure2.png");
        byte[] red = Enumerable.Repeat(new byte[] { 255, 0, 0 }, 16 * 8).SelectMany(b => b).ToArray();
        byte[] blue = Enumerable.Repeat(new byte[] { 0, 0, 255 }, 16 * 8).SelectMany(b => b).ToArray();

        ReconstructionGridFigure.Save(path, new[] { ("HR", red), ("E", blue), ("EPT", red) }, 16, 8, columns: 2, zoom: 3);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(2 * (48 + 6) + 6, bitmap.Width);
        Assert.Equal(2 * (24 + 28 + 6) + 6, bitmap.Height);
        Assert.Equal(new SKColor(255, 0, 0), bitmap.GetPixel(6 + 10, 6 + 10));
        Assert.Equal(new SKColor(0, 0, 255), bitmap.GetPixel(6 + 54 + 10, 6 + 10));
        Assert.Contains(Enumerable.Range(6, 48).SelectMany(x => Enumerable.Range(6 + 24, 28).Select(y => bitmap.GetPixel(x, y))), p => p.Red < 128 && p.Blue < 128);
    }
}
