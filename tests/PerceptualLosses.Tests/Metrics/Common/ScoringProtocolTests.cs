using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;
using IfcFn = PerceptualLosses.Metrics.Ifc;
using PsnrFn = PerceptualLosses.Metrics.Psnr;
using SsimFn = PerceptualLosses.Metrics.Ssim;
using UqiFn = PerceptualLosses.Metrics.Uqi;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// <see cref="ScoringProtocol.EightBit"/> against the original MATLAB code under Octave on the saved 8-bit images
/// (Fixtures/Metrics/protocol_reference.json, tools/fixtures/protocol_pyramid_octave.m: rgb2ycbcr on uint8, i.e. Y
/// rounded, shave 4). The distorted image is given as float with sub-level offsets (|δ| &lt; 0.5/255) that rounding to
/// 8 bits removes, as saving a float reconstruction does.
/// </summary>
public sealed class ScoringProtocolTests
{
    private const double AbsoluteTolerance = 1e-9;
    private const double IfcRelativeTolerance = 1e-8;

    private static readonly JsonElement[] Pairs = JsonDocument.Parse(File.ReadAllText(Path.Combine(MetricFixtures.Folder, "protocol_reference.json")))
        .RootElement.GetProperty("pairs").EnumerateArray().ToArray();

    private static readonly (string Key, Func<Tensor, Tensor, MetricOptions, Tensor> Metric)[] Metrics =
    {
        ("psnr", (a, b, o) => PsnrFn.Compute(b, a, o)),
        ("ssim", (a, b, o) => SsimFn.Compute(b, a, o)),
        ("uqi", (a, b, o) => UqiFn.Compute(b, a, o)),
        ("gmsd", (a, b, o) => GmsdFn.Compute(b, a, o)),
        ("ifc", (a, b, o) => IfcFn.Compute(b, a, o)),
    };

    /// <summary>The 8-bit image plus a deterministic offset below half a level, pointing inwards at 0 and 255.</summary>
    private static Tensor OffGrid(Tensor eightBit)
    {
        var index = arange(eightBit.numel(), dtype: ScalarType.Float32).reshape(eightBit.shape);
        var offset = (index * 0.7 + 1).sin() * (0.45f / 255);
        offset = where(eightBit.le(0.5 / 255), offset.abs(), where(eightBit.ge(254.5 / 255), -offset.abs(), offset));
        return eightBit + offset;
    }

    private static bool Agrees(string key, double expected, double actual) =>
        Math.Abs(actual - expected) <= (key == "ifc" ? IfcRelativeTolerance * Math.Abs(expected) : AbsoluteTolerance);

    [Fact]
    public void Uint8_WithMatlabLuma_MatchesCompareDifferenceOnTheSavedImages()
    {
        var failures = new List<string>();
        foreach (var pair in Pairs)
        {
            using var scope = NewDisposeScope();
            var reference = MetricFixtures.LoadImage(pair.GetProperty("reference").GetString()!, grey: false);
            var distorted = OffGrid(MetricFixtures.LoadImage(pair.GetProperty("distorted").GetString()!, grey: false));
            foreach (var (key, metric) in Metrics)
            {
                double expected = pair.GetProperty(key + "_y8_shave4").GetDouble();
                double actual = metric(reference, distorted, MetricOptions.SrPaperSavedY(4) with { Precision = MetricPrecision.Exact }).item<double>();
                if (!Agrees(key, expected, actual))
                {
                    failures.Add($"{pair.GetProperty("distorted").GetString()} {key}: ours {actual:R}, Octave {expected:R}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The same inputs scored as floats miss the saved-image values: the protocol is what makes them agree.</summary>
    [Fact]
    public void Float_OnTheSameInputs_DiffersFromTheSavedImageValues()
    {
        foreach (var pair in Pairs.Take(4))
        {
            using var scope = NewDisposeScope();
            var reference = MetricFixtures.LoadImage(pair.GetProperty("reference").GetString()!, grey: false);
            var distorted = OffGrid(MetricFixtures.LoadImage(pair.GetProperty("distorted").GetString()!, grey: false));
            double expected = pair.GetProperty("psnr_y8_shave4").GetDouble();
            double actual = PsnrFn.Compute(distorted, reference, MetricOptions.SrPaperY(4)).item<double>();
            Assert.False(Agrees("psnr", expected, actual), $"{pair}: float scoring gave the saved-image PSNR {expected:R}");
        }
    }

    /// <summary>
    /// BasicSR's convention (Y from the 8-bit image, not rounded) equals the Octave values of rgb2ycbcr on the double image
    /// in metrics_reference.json (<c>*_shave4</c>).
    /// </summary>
    [Fact]
    public void Uint8_WithBasicSrLuma_MatchesUnroundedY()
    {
        var options = MetricOptions.SrPaperY(4) with { Protocol = ScoringProtocol.EightBit, Luma = LumaConvention.BasicSr, Precision = MetricPrecision.Exact };
        int checkedPairs = 0;
        foreach (var pair in MetricFixtures.SmallPairs.Where(p => !p.Grey && p["ifc_shave4"] is not null))
        {
            using var scope = NewDisposeScope();
            var reference = pair.LoadReference();
            var distorted = OffGrid(pair.LoadDistorted());
            foreach (var (key, metric) in Metrics)
            {
                double expected = pair[key + "_shave4"]!.Value;
                double actual = metric(reference, distorted, options).item<double>();
                Assert.True(Agrees(key, expected, actual), $"{pair} {key}: ours {actual:R}, Octave {expected:R}");
            }

            checkedPairs++;
        }

        Assert.True(checkedPairs >= 4, $"only {checkedPairs} pairs");
    }

    [Fact]
    public void Validate_RejectsUndefinedProtocolAndLuma()
    {
        Assert.Equal("Protocol", Assert.Throws<ArgumentOutOfRangeException>(() => (MetricOptions.Default with { Protocol = (ScoringProtocol)7 }).Validate()).ParamName);
        Assert.Equal("Luma", Assert.Throws<ArgumentOutOfRangeException>(() => (MetricOptions.Default with { Luma = (LumaConvention)7 }).Validate()).ParamName);
    }
}
