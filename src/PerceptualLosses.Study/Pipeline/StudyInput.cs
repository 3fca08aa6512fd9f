namespace PerceptualLosses.Study.Pipeline;

/// <summary>A file or folder a study reads (<see cref="StudyPlan.Inputs"/>).</summary>
/// <param name="Setting">The configuration key that names it (<c>TrainImages</c>, <c>Lpips.LinWeights</c>, <c>Classifiers.Models</c>).</param>
/// <param name="Path">The path as configured.</param>
/// <param name="IsFolder">Whether it is a folder (images, labelled data); false: a weights file.</param>
public sealed record StudyInput(string Setting, string Path, bool IsFolder);
