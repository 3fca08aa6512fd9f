using PerceptualLosses.Common;

namespace PerceptualLosses.Statistics;

/// <summary>Options of a percentile bootstrap.</summary>
/// <param name="Resamples">Number of bootstrap resamples B (≥ 100; SciPy's <c>scipy.stats.bootstrap</c> uses 9999, 2000 is the usual minimum for 95 % percentile intervals, Efron &amp; Tibshirani 1993, Sec. 19.3).</param>
/// <param name="Confidence">Nominal two-sided coverage in (0, 1).</param>
/// <param name="Seed">Seed of the resampling; the same seed and data give the same interval.</param>
public sealed record BootstrapOptions(int Resamples = BootstrapOptions.DefaultResamples, double Confidence = BootstrapOptions.DefaultConfidence, long Seed = 0)
{
    /// <summary>Default number of resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Default confidence level.</summary>
    public const double DefaultConfidence = 0.95;

    /// <summary>Fewest resamples accepted: below this the 2.5 % percentile rests on a handful of values.</summary>
    public const int MinimumResamples = 100;

    /// <summary>B = 2000, 95 %, seed 0.</summary>
    public static BootstrapOptions Default { get; } = new();

    /// <summary>Throws if an option is out of range.</summary>
    public void Validate()
    {
        Guard.AtLeast(Resamples, MinimumResamples);
        Guard.OpenUnitInterval(Confidence);
    }
}
