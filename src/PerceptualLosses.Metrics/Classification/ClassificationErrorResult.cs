namespace PerceptualLosses.Metrics;

/// <summary>How often a classifier is wrong on a set of images.</summary>
/// <param name="Examples">Images judged.</param>
/// <param name="Errors">Images whose predicted class is not the label.</param>
public sealed record ClassificationErrorResult(long Examples, long Errors)
{
    /// <summary>Errors / Examples.</summary>
    public double ErrorRate => Examples == 0 ? double.NaN : (double)Errors / Examples;
}
