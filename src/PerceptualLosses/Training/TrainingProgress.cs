namespace PerceptualLosses.Training;

/// <summary>Reported after every optimisation step.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Step">Global step count (1-based, survives resume).</param>
/// <param name="Loss">Total loss of this step.</param>
/// <param name="LearningRate">Learning rate used.</param>
/// <param name="ExamplesPerSecond">Throughput of this step (attack included).</param>
public sealed record TrainingProgress(int Epoch, long Step, double Loss, double LearningRate, double ExamplesPerSecond);
