using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;
using SkiaSharp;

namespace PerceptualLosses.Study.Reporting;

/// <summary>
/// Figure 1's judge agreement: each model's error under the robust judge (x) against the non-robust judge (y), each
/// robust model joined to its non-robust twin by an arrow, Kendall's τ and the twins' sign agreement in the title.
/// With both judges agreeing, the points line up from bottom left to top right and the arrows point the same way
/// along both axes.
/// </summary>
public static class JudgeAgreementFigure
{
    /// <summary>Renders one panel per judge pair, side by side, into a PNG file.</summary>
    /// <param name="path">Output PNG.</param>
    /// <param name="agreements">At least one judge pair.</param>
    /// <param name="panelWidth">Width of one panel in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(string path, IReadOnlyList<JudgeAgreement> agreements, int panelWidth = 560, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(agreements);
        if (agreements.Count == 0)
        {
            throw new ArgumentException("At least one judge pair is needed.", nameof(agreements));
        }

        var panels = agreements.Select(a => Panel(a, panelWidth, height)).ToArray();
        try
        {
            using var surface = SKSurface.Create(new SKImageInfo(panels.Length * panelWidth, height));
            surface.Canvas.Clear(SKColors.White);
            for (int i = 0; i < panels.Length; i++)
            {
                surface.Canvas.DrawBitmap(panels[i], i * panelWidth, 0);
            }

            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            using var file = System.IO.File.Create(path);
            data.SaveTo(file);
        }
        finally
        {
            foreach (var panel in panels)
            {
                panel.Dispose();
            }
        }
    }

    private static SKBitmap Panel(JudgeAgreement agreement, int width, int height)
    {
        var plot = new Plot();
        var x = agreement.RobustErrors.Select(e => 100 * e).ToArray();
        var y = agreement.NonRobustErrors.Select(e => 100 * e).ToArray();
        var index = agreement.Models.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i);
        foreach (var (loss, _, _) in agreement.Twins)
        {
            int from = index[loss], to = index[loss + " (robust)"];
            var arrow = plot.Add.Arrow(new Coordinates(x[from], y[from]), new Coordinates(x[to], y[to]));
            arrow.ArrowFillColor = Colors.Gray;
            arrow.ArrowLineColor = Colors.Gray;
        }

        for (int i = 0; i < x.Length; i++)
        {
            bool robust = agreement.Models[i].EndsWith("(robust)", StringComparison.Ordinal);
            var marker = plot.Add.Marker(x[i], y[i]);
            marker.Color = agreement.Models[i] == "E" ? Colors.Red : robust ? Colors.DarkOrange : Colors.SteelBlue;
            marker.Size = 9;
            var label = plot.Add.Text(agreement.Models[i], x[i], y[i]);
            label.LabelFontSize = 11;
            label.OffsetX = 6;
            label.OffsetY = -6;
        }

        plot.Axes.Bottom.Label.Text = $"error (%), {agreement.RobustJudge}";
        plot.Axes.Left.Label.Text = $"error (%), {agreement.NonRobustJudge}";
        plot.Axes.Margins(0.15, 0.15);
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Kendall τ = {agreement.Ranking.Tau:0.00} (p = {agreement.Ranking.PermutationPValue:0.000}); twins agreeing {agreement.AgreeingTwins}/{agreement.Twins.Count}"));
        byte[] png = plot.GetImage(width, height).GetImageBytes(ImageFormat.Png);
        return SKBitmap.Decode(png);
    }
}
