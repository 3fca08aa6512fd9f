using PerceptualLosses.Statistics;

namespace PerceptualLosses.Study.Reporting;

/// <summary>One loss's robust − non-robust difference in one metric, paired by image.</summary>
/// <param name="Loss">Training loss (EP, …) trained once with each VGG-19.</param>
/// <param name="Metric">The metric.</param>
/// <param name="RobustMean">Mean of the robust model over the paired images (sets weighted equally).</param>
/// <param name="NonRobustMean">Mean of the non-robust twin over the same images.</param>
/// <param name="Difference">Robust − non-robust mean with its paired bootstrap interval.</param>
/// <param name="RobustWins">Images where the robust model is better (by the metric's direction), ties and losses.</param>
public sealed record RobustDifference(string Loss, MetricColumn Metric, double RobustMean, double NonRobustMean, ConfidenceInterval Difference, PairedWins RobustWins)
{
    /// <summary>Whether the interval excludes 0 (NaN interval: no).</summary>
    public bool ExcludesZero => !double.IsNaN(Difference.Low) && !Difference.Contains(0);
}
