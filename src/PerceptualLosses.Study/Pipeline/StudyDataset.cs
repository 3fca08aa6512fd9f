namespace PerceptualLosses.Study.Pipeline;

/// <summary>One SR benchmark set: HR images in a folder (LR made by MATLAB bicubic), as Set5 … Manga109 are distributed.</summary>
/// <param name="Name">Name in the tables (<c>Set5</c>).</param>
/// <param name="Folder">Folder of HR images.</param>
public sealed record StudyDataset(string Name, string Folder);
