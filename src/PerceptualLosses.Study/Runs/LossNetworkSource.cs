namespace PerceptualLosses.Study.Runs;

/// <summary>Where the VGG loss network of the P and T terms comes from.</summary>
/// <param name="Weights">Weights file: a torchvision VGG state dict, or a robustness checkpoint.</param>
/// <param name="RobustnessCheckpoint">Whether <paramref name="Weights"/> is a MadryLab robustness checkpoint (<c>module.model.*</c> keys).</param>
public sealed record LossNetworkSource(string Weights, bool RobustnessCheckpoint);
