using System;

namespace PerceptualLosses.Models;

/// <summary>A strict weight load found missing, unexpected or shape-mismatched keys; nothing was loaded.</summary>
public sealed class WeightLoadException : Exception
{
    /// <summary>Creates the exception from a report.</summary>
    /// <param name="report">The key comparison that failed.</param>
    public WeightLoadException(WeightLoadReport report)
        : base("Weights do not match the model (strict load, nothing was loaded): " + (report ?? throw new ArgumentNullException(nameof(report))).Describe())
    {
        Report = report;
    }

    /// <summary>The key comparison that failed.</summary>
    public WeightLoadReport Report { get; }
}
