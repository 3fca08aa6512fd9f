namespace PerceptualLosses.Study.Runs;

/// <summary>Everything that defines a super-resolution training run (its JSON, minus the step count, is the resume fingerprint).</summary>
/// <param name="Train">Folder of training images (searched recursively).</param>
/// <param name="Validation">Folder of validation HR images.</param>
/// <param name="Loss">Loss spec (E, EP, … or weighted terms).</param>
/// <param name="VggWeights">VGG-19 weights for P and T terms.</param>
/// <param name="Robust">Whether <paramref name="VggWeights"/> is a robustness-format checkpoint.</param>
/// <param name="Layers">Layer reading of the short names: <c>enhancenet</c> or <c>literal</c>.</param>
/// <param name="Steps">Optimizer steps in total.</param>
/// <param name="Model">EnhanceNet size: <c>paper</c> or <c>tiny</c>.</param>
/// <param name="Scale">Upscaling factor.</param>
/// <param name="Patch">HR crop side.</param>
/// <param name="Batch">Batch size.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="ValidateEvery">Steps between validations.</param>
/// <param name="CheckpointEvery">Steps between checkpoints.</param>
/// <param name="Seed">Seed of initialisation and data order.</param>
public sealed record SuperResolutionRun(
    string Train, string Validation, string Loss, string? VggWeights, bool Robust, string Layers, int Steps, string Model,
    int Scale, int Patch, int Batch, double LearningRate, int ValidateEvery, int CheckpointEvery, int Seed);
