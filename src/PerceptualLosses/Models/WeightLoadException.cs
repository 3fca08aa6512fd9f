using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Models;

/// <summary>A strict weight load found missing, unexpected or shape-mismatched keys; nothing was loaded.</summary>
public sealed class WeightLoadException : Exception
{
    /// <summary>Creates the exception from a report.</summary>
    /// <param name="report">The key comparison that failed.</param>
    public WeightLoadException(WeightLoadReport report)
        : this(report, null)
    {
    }

    /// <summary>Creates the exception from a report and a sentence on what the file holds instead.</summary>
    /// <param name="report">The key comparison that failed.</param>
    /// <param name="explanation">What the file looks like and how to load it (e.g. "The file holds a VGG-19 at width 1/16 …"); null for none.</param>
    public WeightLoadException(WeightLoadReport report, string? explanation)
        : base("Weights do not match the model (strict load, nothing was loaded): " + (Guard.NotNull(report)).Summarize() + (explanation is null ? "" : " " + explanation))
    {
        Report = report;
        Explanation = explanation;
    }

    /// <summary>The key comparison that failed (<see cref="WeightLoadReport.Describe"/> lists every key).</summary>
    public WeightLoadReport Report { get; }

    /// <summary>What the file holds instead and which options would load it; null when not known.</summary>
    public string? Explanation { get; }
}
