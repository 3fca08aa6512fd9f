using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Reporting;
using PerceptualLosses.Statistics;
using SkiaSharp;
using Xunit;

namespace PerceptualLosses.Tests.Study;

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
    public void ClassificationErrorFigure_DrawsErrorBarsAboveTheBars()
    {
        // One bar at 40 % with an interval reaching 80 %: black whisker pixels must appear well above the bar's top.
        var robust = new Dictionary<string, ConfidenceInterval> { ["E"] = new(0.3, 0.25, 0.35, 0.95), ["EP"] = new(0.4, 0.1, 0.8, 0.95) };
        string with = Path.Combine(root, "with.png"), without = Path.Combine(root, "without.png");
        ClassificationErrorFigure.Save(with, robust, robust, panelWidth: 400, height: 300);
        ClassificationErrorFigure.Save(without, robust.ToDictionary(kv => kv.Key, kv => kv.Value.Estimate), robust.ToDictionary(kv => kv.Key, kv => kv.Value.Estimate), panelWidth: 400, height: 300);

        using var a = SKBitmap.Decode(with);
        using var b = SKBitmap.Decode(without);
        Assert.True(WhiskerPixelsAboveBar(a) > 20, $"{WhiskerPixelsAboveBar(a)} dark pixels above the bar with an error bar");
        Assert.True(WhiskerPixelsAboveBar(b) < 5, $"{WhiskerPixelsAboveBar(b)} dark pixels above the bar without one");
    }

    /// <summary>Dark pixels in the centre column of the left panel's (steel blue) bar, above its top.</summary>
    private static int WhiskerPixelsAboveBar(SKBitmap bitmap)
    {
        static bool SteelBlue(SKColor p) => Math.Abs(p.Red - 70) < 12 && Math.Abs(p.Green - 130) < 12 && Math.Abs(p.Blue - 180) < 12;
        var columns = Enumerable.Range(0, bitmap.Width / 2).Where(x => Enumerable.Range(0, bitmap.Height).Any(y => SteelBlue(bitmap.GetPixel(x, y)))).ToArray();
        int centre = (columns.Min() + columns.Max()) / 2;
        int top = Enumerable.Range(0, bitmap.Height).First(y => SteelBlue(bitmap.GetPixel(centre, y)));
        return Enumerable.Range(0, top).Count(y => bitmap.GetPixel(centre, y) is var p && p.Red < 60 && p.Green < 60 && p.Blue < 60);
    }

    [Fact]
    public void JudgeAgreementFigure_DrawsOnePanelPerJudgePair()
    {
        var errors = new List<JudgedError>();
        string[] models = { "E", "EP", "EP (robust)", "P", "P (robust)" };
        for (int i = 0; i < models.Length; i++)
        {
            errors.Add(new JudgedError(models[i], 0, "ResNet-50", true, 200, 0.2 + 0.05 * i));
            errors.Add(new JudgedError(models[i], 0, "ResNet-50", false, 200, 0.5 - 0.05 * i));
        }

        string path = Path.Combine(root, "agreement.png");
        JudgeAgreementFigure.Save(path, ClassificationErrorStatistics.Agreements(errors, new PermutationOptions(1000)), panelWidth: 400, height: 350);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(400, bitmap.Width);
        Assert.Equal(350, bitmap.Height);
        Assert.True(bitmap.Pixels.Distinct().Count() > 20, "the figure looks empty");
        Assert.Contains(bitmap.Pixels, p => p.Red > 200 && p.Green < 80 && p.Blue < 80); // the E model's marker
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
