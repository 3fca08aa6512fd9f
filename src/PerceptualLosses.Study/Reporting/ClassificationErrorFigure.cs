using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Statistics;
using ScottPlot;
using SkiaSharp;

namespace PerceptualLosses.Study.Reporting;

/// <summary>
/// The paper's Figure 1: classification error of a robust (a) and a non-robust (b) classifier on images upscaled by each
/// model, as bars, with the error of the E model as a red dashed line; with intervals, each bar carries its error bar.
/// </summary>
public static class ClassificationErrorFigure
{
    /// <summary>Renders the two panels side by side into a PNG file.</summary>
    /// <param name="path">Output PNG.</param>
    /// <param name="robustJudge">Error (0–1) per model name for the robust classifier; must contain "E".</param>
    /// <param name="normalJudge">Same for the non-robust classifier.</param>
    /// <param name="panelWidth">Width of one panel in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(string path, IReadOnlyDictionary<string, double> robustJudge, IReadOnlyDictionary<string, double> normalJudge, int panelWidth = 560, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(robustJudge);
        ArgumentNullException.ThrowIfNull(normalJudge);
        Save(path, robustJudge.ToDictionary(kv => kv.Key, kv => new ConfidenceInterval(kv.Value, double.NaN, double.NaN, double.NaN)),
            normalJudge.ToDictionary(kv => kv.Key, kv => new ConfidenceInterval(kv.Value, double.NaN, double.NaN, double.NaN)), panelWidth, height);
    }

    /// <summary>Renders the two panels with an error bar (e.g. a Wilson interval) on every bar.</summary>
    /// <param name="path">Output PNG.</param>
    /// <param name="robustJudge">Error (0–1) with its interval per model name for the robust classifier; must contain "E". NaN ends: no error bar.</param>
    /// <param name="normalJudge">Same for the non-robust classifier.</param>
    /// <param name="panelWidth">Width of one panel in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(string path, IReadOnlyDictionary<string, ConfidenceInterval> robustJudge, IReadOnlyDictionary<string, ConfidenceInterval> normalJudge, int panelWidth = 560, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var left = Panel("(a) robust classifier", robustJudge, panelWidth, height);
        using var right = Panel("(b) non-robust classifier", normalJudge, panelWidth, height);
        using var surface = SKSurface.Create(new SKImageInfo(2 * panelWidth, height));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawBitmap(left, 0, 0);
        surface.Canvas.DrawBitmap(right, panelWidth, 0);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = System.IO.File.Create(path);
        data.SaveTo(file);
    }

    private static SKBitmap Panel(string title, IReadOnlyDictionary<string, ConfidenceInterval> errors, int width, int height)
    {
        if (!errors.TryGetValue("E", out var baseline))
        {
            throw new ArgumentException($"{title}: the error of model E (the dashed baseline) is missing.", nameof(errors));
        }

        var models = errors.Keys.Where(k => k != "E").ToArray();
        var plot = new Plot();
        var bars = models.Select((m, i) => new Bar
        {
            Position = i,
            Value = 100 * errors[m].Estimate,
            FillColor = m.EndsWith("(robust)", StringComparison.Ordinal) ? Colors.DarkOrange : Colors.SteelBlue,
        }).ToArray();
        plot.Add.Bars(bars);
        var withIntervals = models.Select((m, i) => (i, ci: errors[m])).Where(p => !double.IsNaN(p.ci.Low)).ToArray();
        if (withIntervals.Length > 0)
        {
            var whiskers = plot.Add.ErrorBar(
                withIntervals.Select(p => (double)p.i).ToArray(),
                withIntervals.Select(p => 100 * p.ci.Estimate).ToArray(),
                withIntervals.Select(p => 100 * (p.ci.Estimate - p.ci.Low)).ToArray());
            whiskers.YErrorNegative = withIntervals.Select(p => 100 * (p.ci.Estimate - p.ci.Low)).ToArray();
            whiskers.YErrorPositive = withIntervals.Select(p => 100 * (p.ci.High - p.ci.Estimate)).ToArray();
            whiskers.Color = Colors.Black;
            whiskers.LineWidth = 1.5f;
        }

        if (!double.IsNaN(baseline.Low))
        {
            // The E model's own interval, as a light band around its line.
            var band = plot.Add.VerticalSpan(100 * baseline.Low, 100 * baseline.High);
            band.FillStyle.Color = Colors.Red.WithAlpha(0.12);
            band.LineStyle.Width = 0;
        }

        var line = plot.Add.HorizontalLine(100 * baseline.Estimate);
        line.Color = Colors.Red;
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 2;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            models.Select((m, i) => new Tick(i, m)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Axes.Left.Label.Text = "classification error (%)";
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        byte[] png = plot.GetImage(width, height).GetImageBytes(ImageFormat.Png);
        return SKBitmap.Decode(png);
    }
}
