using PerceptualLosses.Attacks;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>What a Table 1 stage writes (<c>accuracy.json</c>): the classifier and its robustness report.</summary>
/// <param name="Name">Row name.</param>
/// <param name="Robust">Adversarially trained.</param>
/// <param name="Report">Clean and adversarial accuracy with the sanity checks.</param>
public sealed record ClassifierAccuracy(string Name, bool Robust, RobustnessReport Report);
