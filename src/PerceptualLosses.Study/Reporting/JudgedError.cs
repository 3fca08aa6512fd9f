namespace PerceptualLosses.Study.Reporting;

/// <summary>One judge's classification error on the images upscaled by one model (one seed): a row of Figure 1.</summary>
/// <param name="Model">Model name as the paper writes it (<c>EP</c>, <c>EP (robust)</c>).</param>
/// <param name="Seed">Training seed of the model.</param>
/// <param name="Judge">Classifier name.</param>
/// <param name="RobustJudge">Whether the classifier is adversarially trained.</param>
/// <param name="Examples">Number of classified images.</param>
/// <param name="Error">Fraction misclassified, in [0, 1].</param>
public sealed record JudgedError(string Model, int Seed, string Judge, bool RobustJudge, int Examples, double Error)
{
    /// <summary>Misclassified images (the error rate times the examples, rounded back to the count it came from).</summary>
    public int Errors => (int)System.Math.Round(Error * Examples);

    /// <summary>The judge's name with "(robust)" when it is robust.</summary>
    public string JudgeName => RobustJudge ? $"{Judge} (robust)" : Judge;
}
