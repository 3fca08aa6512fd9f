using System;
using PerceptualLosses.Common;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>Where the VGG loss network of the P and T terms comes from.</summary>
/// <param name="Weights">Weights file: a torchvision VGG state dict, or a robustness checkpoint.</param>
/// <param name="RobustnessCheckpoint">Whether <paramref name="Weights"/> is a MadryLab robustness checkpoint (<c>module.model.*</c> keys).</param>
public sealed record LossNetworkSource(string Weights, bool RobustnessCheckpoint)
{
    /// <summary>
    /// The loss network <paramref name="loss"/> needs, from <paramref name="vggWeights"/>; null when it has no P or T term
    /// (the weights, given or not, are then not read).
    /// </summary>
    /// <param name="loss">The loss.</param>
    /// <param name="vggWeights">The VGG-19 weights file (<see cref="SuperResolutionRun.VggWeights"/>), or null.</param>
    /// <param name="robustnessCheckpoint">Whether <paramref name="vggWeights"/> is a robustness checkpoint.</param>
    /// <exception cref="ArgumentException">P or T terms and no weights; the parameter is the setting, <c>VggWeights</c>.</exception>
    public static LossNetworkSource? For(LossSpec loss, string? vggWeights, bool robustnessCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(loss);
#pragma warning disable CA2208 // the parameter named is the setting that is missing, so a caller can map it to its own name for it
        return loss.NeedsFeatureNetwork
            ? new LossNetworkSource(vggWeights ?? throw new ArgumentException($"{nameof(SuperResolutionRun.VggWeights)} is required: '{loss}' has P or T terms.", nameof(SuperResolutionRun.VggWeights)), robustnessCheckpoint)
            : null;
#pragma warning restore CA2208
    }

    /// <summary>Loads the VGG feature network (<see cref="ModelStore.VggFeatures"/>); its errors name the setting <c>VggWeights</c>.</summary>
    /// <param name="device">Target device; CPU when null.</param>
    /// <exception cref="System.IO.InvalidDataException">The weights file is missing or cannot be read as a VGG (naming <c>VggWeights</c>).</exception>
    public LoadedModel<Vgg> Load(Device? device = null) =>
        UserErrors.Read(nameof(SuperResolutionRun.VggWeights), Weights, path => ModelStore.VggFeatures(path, RobustnessCheckpoint, device));
}
