using System.Collections.Generic;
using PerceptualLosses.Attacks;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>Labelled images and classifiers of Table 1 (clean and adversarial accuracy) and Figure 1 (judges' error on upscaled images).</summary>
/// <param name="Data">Labelled images: an IDX folder (<c>t10k-*</c> files, grey, padded to RGB 32×32) or an ImageNet-style class folder.</param>
/// <param name="DataFormat"><c>idx</c> or <c>folder</c>.</param>
/// <param name="Limit">Use the first N images (0 = all).</param>
/// <param name="Resize">Class folders: shorter side resized to this (256 for ImageNet).</param>
/// <param name="Crop">Class folders: central crop side (224 for ImageNet); IDX: the padded side (32).</param>
/// <param name="Models">The classifiers, in Table 1's order.</param>
/// <param name="Epsilon">L2 ε of the targeted PGD-50 evaluation in [0,1] pixels (paper: 3.88 at 224×224).</param>
/// <param name="StepSize">PGD step α (paper: 0.155).</param>
/// <param name="BatchSize">Images per batch.</param>
public sealed record StudyClassifiers(
    string Data, string DataFormat, int Limit, int Resize, int Crop, IReadOnlyList<StudyClassifier> Models, double Epsilon, double StepSize, int BatchSize)
{
    /// <summary>The Table 1 attack: the paper's targeted PGD-50 evaluation at <see cref="Epsilon"/> and <see cref="StepSize"/>.</summary>
    public RobustnessEvaluationOptions Attack() => new(PgdOptions.PaperEvaluation with { Epsilon = Epsilon, StepSize = StepSize }, Strong: null);
}
