using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// The committed fixture pairs (Fixtures/Metrics, made by tools/fixtures/make_metrics_fixtures.py) and their reference
/// values from the original MATLAB code under Octave and from scikit-image.
/// </summary>
internal static class MetricFixtures
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Metrics");

    private static readonly Lazy<IReadOnlyList<FixturePair>> LazyPairs = new(Load);

    public static IReadOnlyList<FixturePair> Pairs => LazyPairs.Value;

    /// <summary>The small pairs (all metrics computed on them).</summary>
    public static IEnumerable<FixturePair> SmallPairs => Pairs.Where(p => !p.Distorted.Contains("large", StringComparison.Ordinal));

    /// <summary>Loads a PNG as <c>[1,C,H,W]</c> float32 in [0,1]; C = 1 for grey files, else 3.</summary>
    public static Tensor LoadImage(string file, bool grey)
    {
        string path = Path.Combine(Folder, file);
        if (grey)
        {
            using var image = Image.Load<L8>(path);
            var data = new float[image.Height * image.Width];
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = 0; x < row.Length; x++)
                    {
                        data[(y * image.Width) + x] = row[x].PackedValue / 255f;
                    }
                }
            });
            return tensor(data).reshape(1, 1, image.Height, image.Width);
        }

        using var rgb = Image.Load<Rgb24>(path);
        int h = rgb.Height, w = rgb.Width;
        var planes = new float[3 * h * w];
        rgb.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    int i = (y * w) + x;
                    planes[i] = row[x].R / 255f;
                    planes[(h * w) + i] = row[x].G / 255f;
                    planes[(2 * h * w) + i] = row[x].B / 255f;
                }
            }
        });
        return tensor(planes).reshape(1, 3, h, w);
    }

    /// <summary>
    /// Options under which a fixture's Octave values were computed: Y for RGB files, the grey values for grey files;
    /// float64 (<see cref="MetricPrecision.Exact"/>) unless another precision is asked for.
    /// </summary>
    public static MetricOptions LumaOptions(FixturePair pair, int shave = 0, MetricPrecision precision = MetricPrecision.Exact) =>
        pair.Grey
            ? new MetricOptions { Color = ColorMode.Gray, Shave = shave, Precision = precision }
            : new MetricOptions { Color = ColorMode.Y, Shave = shave, Precision = precision };

    private static List<FixturePair> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "metrics_reference.json")));
        var list = new List<FixturePair>();
        foreach (var p in doc.RootElement.GetProperty("pairs").EnumerateArray())
        {
            var values = new Dictionary<string, double?>();
            foreach (var prop in p.EnumerateObject())
            {
                if (prop.Value.ValueKind == JsonValueKind.Number)
                {
                    values[prop.Name] = prop.Value.GetDouble();
                }
                else if (prop.Value.ValueKind == JsonValueKind.Null)
                {
                    values[prop.Name] = null;
                }
            }

            list.Add(new FixturePair(p.GetProperty("reference").GetString()!, p.GetProperty("distorted").GetString()!, p.GetProperty("grey").GetBoolean(), values));
        }

        return list;
    }
}

/// <summary>One reference/distorted fixture pair and its reference values by key (<c>ssim</c>, <c>gmsd_shave4</c>, …).</summary>
internal sealed record FixturePair(string Reference, string Distorted, bool Grey, IReadOnlyDictionary<string, double?> Values)
{
    public Tensor LoadReference() => MetricFixtures.LoadImage(Reference, Grey);

    public Tensor LoadDistorted() => MetricFixtures.LoadImage(Distorted, Grey);

    public double? this[string key] => Values.TryGetValue(key, out var v) ? v : null;

    public override string ToString() => $"{Distorted} vs {Reference}";
}
