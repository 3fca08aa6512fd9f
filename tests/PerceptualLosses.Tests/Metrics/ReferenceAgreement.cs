using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>Runs a metric over fixture pairs and asserts the worst deviation from a reference key.</summary>
internal static class ReferenceAgreement
{
    /// <summary>Asserts |ours − reference| ≤ absTol + relTol·|reference| for every pair that has the key; returns the worst (abs, rel).</summary>
    public static (double MaxAbs, double MaxRel) Check(
        IEnumerable<FixturePair> pairs, string key, Func<Tensor, Tensor, FixturePair, Tensor> metric, double absTol, double relTol = 0)
    {
        double maxAbs = 0, maxRel = 0;
        int count = 0;
        var failures = new List<string>();
        foreach (var pair in pairs)
        {
            if (pair[key] is not double expected)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            double actual = metric(pair.LoadReference(), pair.LoadDistorted(), pair).to_type(ScalarType.Float64).item<double>();
            double abs = Math.Abs(actual - expected);
            double rel = abs / Math.Abs(expected);
            maxAbs = Math.Max(maxAbs, abs);
            maxRel = Math.Max(maxRel, rel);
            count++;
            if (!(abs <= absTol + (relTol * Math.Abs(expected))))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{pair}: ours {actual:R}, reference {expected:R}"));
            }
        }

        Assert.True(count > 0, $"no fixture pair has '{key}'");
        Assert.True(failures.Count == 0, $"{key}: {failures.Count}/{count} pairs off (max abs {maxAbs:E2}, max rel {maxRel:E2}):\n" + string.Join("\n", failures));
        return (maxAbs, maxRel);
    }

    /// <summary>RGB, float64 (the exact-tolerance tests).</summary>
    public static MetricOptions Rgb { get; } = new() { Color = ColorMode.Rgb, Precision = MetricPrecision.Exact };

    /// <summary>RGB, float32 where the metric allows it.</summary>
    public static MetricOptions RgbFast { get; } = new() { Color = ColorMode.Rgb, Precision = MetricPrecision.Fast };
}
