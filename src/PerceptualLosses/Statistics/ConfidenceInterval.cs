namespace PerceptualLosses.Statistics;

/// <summary>A point estimate with a two-sided confidence interval.</summary>
/// <param name="Estimate">The statistic on the observed data (for a proportion: the observed fraction).</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
/// <param name="Confidence">Nominal coverage, e.g. 0.95.</param>
public readonly record struct ConfidenceInterval(double Estimate, double Low, double High, double Confidence)
{
    /// <summary>Whether <paramref name="value"/> lies in [<see cref="Low"/>, <see cref="High"/>].</summary>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>Whether the two intervals share at least one point (touching ends count as overlapping).</summary>
    public bool Overlaps(ConfidenceInterval other) => Low <= other.High && other.Low <= High;
}
