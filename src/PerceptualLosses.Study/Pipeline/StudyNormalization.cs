namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// Gatys feature-map normalisation of the VGG-19 loss networks before training (the paper's "weights and biases scaled
/// so that feature maps are normalized"): each channel's mean ReLU activation over these images becomes 1.
/// </summary>
/// <param name="Images">Folder of RGB images (searched recursively, sorted by path).</param>
/// <param name="MaxImages">Use the first N of them (0 = all).</param>
public sealed record StudyNormalization(string Images, int MaxImages);
