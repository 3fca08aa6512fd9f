using PerceptualLosses.Common;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;

namespace PerceptualLosses.Study.Runs;

/// <summary>
/// The names of the enum settings of a study and of a training run, as <c>configuration.json</c>, resume fingerprints and
/// the command line write them (the names the study used when these settings were strings).
/// </summary>
public static class SettingNames
{
    /// <summary>Layer reading of the short loss names: <c>enhancenet</c>, <c>literal</c>.</summary>
    public static EnumNames<LayerReading> Layers { get; } = new("Layers", (LayerReading.EnhanceNet, "enhancenet"), (LayerReading.Literal, "literal"));

    /// <summary>EnhanceNet size: <c>paper</c>, <c>tiny</c>.</summary>
    public static EnumNames<EnhanceNetSize> Model { get; } = new("Model", (EnhanceNetSize.Paper, "paper"), (EnhanceNetSize.Tiny, "tiny"));

    /// <summary>Layout of the robust VGG-19 file: <c>robustness</c> (a MadryLab checkpoint), <c>state-dict</c> (torchvision).</summary>
    public static EnumNames<VggWeightsFormat> RobustVggFormat { get; } =
        new("RobustVggIsRobustnessCheckpoint", (VggWeightsFormat.Robustness, "robustness"), (VggWeightsFormat.StateDict, "state-dict"));

    /// <summary>How reconstructions are scored: <c>uint8</c> (as saved, 8-bit), <c>float</c> (as computed).</summary>
    public static EnumNames<ScoringProtocol> Protocol => MetricSettingNames.Protocol;
}
