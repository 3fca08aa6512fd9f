using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>
/// Scores several metrics on one image pair, preparing the pair once: the checks of <see cref="MetricInput.Prepare"/>
/// (shape, device, channels, range, NaN/Inf) run once, and crop, 8-bit rounding, colour conversion (RGB→Y) and shave
/// run once per kind of input the requested metrics need (<see cref="SuiteInput.Channels"/> in float64, narrowed to float32
/// for SSIM, UQI and GMSD under <see cref="MetricPrecision.Fast"/>, and <see cref="SuiteInput.Rgb"/> for learned metrics). Each value equals the metric's own <c>Compute</c> with the same options.
/// </summary>
/// <remarks>
/// Arguments are <c>(prediction, target)</c> as for every metric. Size minimums are those of the requested metrics
/// only: PSNR alone accepts a 1×1 image, IFC needs 72×72.
/// </remarks>
public sealed class MetricSuite
{
    /// <summary>Creates a suite.</summary>
    /// <param name="options">Preparation options for every metric, learned ones included (see <see cref="SuiteInput.Rgb"/>).</param>
    /// <param name="metrics">The metrics, in output order; names must be distinct.</param>
    public MetricSuite(MetricOptions options, IEnumerable<SuiteMetric> metrics)
    {
        Guard.NotNull(options);
        Guard.NotNull(metrics);
        options.Validate();
        Options = options;
        Metrics = metrics.ToArray();
        if (Metrics.Count == 0 || Metrics.Any(m => m is null))
        {
            throw new ArgumentException("metrics must hold at least one metric and no null entry.", nameof(metrics));
        }

        var repeated = Metrics.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (repeated.Length > 0)
        {
            throw new ArgumentException($"metrics must have distinct names; repeated: {string.Join(", ", repeated)}.", nameof(metrics));
        }
    }

    /// <summary>Preparation options of every metric.</summary>
    public MetricOptions Options { get; }

    /// <summary>The metrics, in output order.</summary>
    public IReadOnlyList<SuiteMetric> Metrics { get; }

    /// <summary>Called once per preparation of one image (the only place the suite converts colour); for tests.</summary>
    internal Action<SuiteInput>? Converted { get; set; }

    /// <summary>Scores every metric on one batch of pairs.</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c> in [0, DataRange].</param>
    /// <param name="target">Target (reference) images, same shape and device.</param>
    /// <returns>One <see cref="MetricScore"/> per metric, in <see cref="Metrics"/> order; tensors in the caller's dispose scope.</returns>
    /// <exception cref="ArgumentException">What <see cref="MetricInput.Prepare"/> refuses, or images smaller than a requested metric's minimum.</exception>
    public IReadOnlyList<MetricScore> Score(Tensor prediction, Tensor target)
    {
        string firstName = Metrics[0].Name;
        var (height, width) = MetricInput.Check(prediction, target, Options, firstName);
        var largest = Metrics.OrderByDescending(m => m.MinSize).First();
        MetricInput.CheckSize(target, Options, height, width, largest.Name, largest.MinSize);

        using var scope = NewDisposeScope();
        PreparedImages? channels = null, narrowed = null, rgb = null;
        var scores = new List<MetricScore>(Metrics.Count);
        foreach (var metric in Metrics)
        {
            PreparedImages images;
            if (metric.Input == SuiteInput.Rgb)
            {
                images = rgb ??= new PreparedImages(ConvertRgb(prediction, height, width), ConvertRgb(target, height, width));
            }
            else
            {
                channels ??= new PreparedImages(Convert(prediction, height, width), Convert(target, height, width));
                images = metric.NeedsFloat64
                    ? channels
                    : narrowed ??= new PreparedImages(MetricInput.Narrow(channels.Prediction, Options), MetricInput.Narrow(channels.Target, Options));
            }

            scores.Add(new MetricScore(metric.Name, metric.HigherIsBetter, metric.Score(images).MoveToOuterDisposeScope()));
        }

        return scores;
    }

    private Tensor Convert(Tensor images, long height, long width)
    {
        Converted?.Invoke(SuiteInput.Channels);
        return MetricInput.Convert(images, Options, height, width, ScalarType.Float64);
    }

    private Tensor ConvertRgb(Tensor images, long height, long width)
    {
        Converted?.Invoke(SuiteInput.Rgb);
        return MetricInput.ConvertRgb(images, Options, height, width);
    }
}
