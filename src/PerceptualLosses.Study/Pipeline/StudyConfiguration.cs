using System.Collections.Generic;
using System.Text.Json.Serialization;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// Everything that determines a study's results (stages 1–4 of the paper). Its JSON is what <c>--config</c> reads and
/// what guards the output folder: another configuration in the same folder is refused unless forced. The enum settings are
/// written by their names in <see cref="SettingNames"/> (<c>"Layers": "enhancenet"</c>), as when they were strings, so
/// folders and <c>--config</c> files written before read as the same configuration. Loss specs stay as configured
/// (<c>EP</c>): a <see cref="LossSpec"/> does not keep its text and is read by <see cref="Layers"/>; <see cref="StudyPlan"/>
/// parses each once.
/// Presets: <see cref="StudyPresets.Demo"/> and <see cref="StudyPresets.Paper"/>.
/// </summary>
/// <param name="Preset">Name of the preset it started from (<c>demo</c>, <c>paper</c>); informational.</param>
/// <param name="TrainImages">Folder of training images for the EnhanceNets (MS-COCO in the paper; searched recursively).</param>
/// <param name="ValidationImages">Folder of HR validation images used during training.</param>
/// <param name="Datasets">SR benchmark sets the models are judged on (Set5, Set14, BSD100, Urban100, Manga109 in the paper).</param>
/// <param name="Losses">Loss presets to train (E, EP, EPT, ET, P, PT or any loss spec).</param>
/// <param name="VggWeights">Non-robust VGG-19 (torchvision-format state dict) for P and T; null trains only E.</param>
/// <param name="RobustVggWeights">Robust VGG-19 for P and T; null trains no robust models.</param>
/// <param name="RobustVggIsRobustnessCheckpoint">Whether <paramref name="RobustVggWeights"/> is a MadryLab robustness checkpoint (<c>module.model.*</c> keys).</param>
/// <param name="Layers">Layer reading of the short loss names: <c>enhancenet</c> (pool2/pool5) or <c>literal</c>.</param>
/// <param name="Model">EnhanceNet size: <c>paper</c> (64 channels, 10 blocks) or <c>tiny</c> (<see cref="EnhanceNetOptions.For"/>).</param>
/// <param name="Steps">Training steps per EnhanceNet.</param>
/// <param name="Patch">HR crop side.</param>
/// <param name="Batch">Batch size.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="ValidateEvery">Steps between validations.</param>
/// <param name="CheckpointEvery">Steps between checkpoints (an interrupted run resumes from the last one).</param>
/// <param name="Seeds">Training seeds; Table 2 averages over them ("three runs" in the paper).</param>
/// <param name="Scale">SR factor.</param>
/// <param name="Lpips">LPIPS (VGG-16) for the evaluation; null leaves the LPIPS and R-LPIPS columns out.</param>
/// <param name="Classifiers">Labelled images and classifiers of Table 1 and Figure 1; null skips both.</param>
/// <param name="Normalization">Gatys normalisation of both VGG-19 loss networks before training; null uses the files as they are.</param>
/// <param name="Protocol">How reconstructions are scored: <c>uint8</c> (<see cref="ScoringProtocol.EightBit"/>, the default: as saved, 8-bit, Y rounded as MATLAB <c>rgb2ycbcr</c> on uint8, what SR tables report) or <c>float</c> (<see cref="ScoringProtocol.AsGiven"/>).</param>
public sealed record StudyConfiguration(
    string Preset,
    string TrainImages,
    string ValidationImages,
    IReadOnlyList<StudyDataset> Datasets,
    IReadOnlyList<string> Losses,
    string? VggWeights,
    string? RobustVggWeights,
    bool RobustVggIsRobustnessCheckpoint,
    [property: JsonConverter(typeof(LayersJsonConverter))] LayerReading Layers,
    [property: JsonConverter(typeof(ModelJsonConverter))] EnhanceNetSize Model,
    int Steps,
    int Patch,
    int Batch,
    double LearningRate,
    int ValidateEvery,
    int CheckpointEvery,
    IReadOnlyList<int> Seeds,
    int Scale,
    StudyLpips? Lpips,
    StudyClassifiers? Classifiers,
    StudyNormalization? Normalization = null,
    [property: JsonConverter(typeof(ProtocolJsonConverter))] ScoringProtocol Protocol = ScoringProtocol.EightBit)
{
    /// <summary>The settings of one training run of this study (their JSON, minus the steps, is its resume fingerprint).</summary>
    /// <param name="loss">The loss as configured (an entry of <see cref="Losses"/>).</param>
    /// <param name="vggWeights">The loss network's file; null for a loss without P or T terms.</param>
    /// <param name="robustnessCheckpoint">Whether <paramref name="vggWeights"/> is a robustness checkpoint.</param>
    /// <param name="seed">The run's seed.</param>
    public SuperResolutionRun Run(string loss, string? vggWeights, bool robustnessCheckpoint, int seed) =>
        new(TrainImages, ValidationImages, loss, vggWeights, robustnessCheckpoint, Layers, Steps, Model, Scale, Patch, Batch, LearningRate, ValidateEvery, CheckpointEvery, seed);

    /// <summary>How the evaluation scores reconstructions: the SR protocol (Y, shave = scale) under <see cref="Protocol"/>, in float64 as the MATLAB references.</summary>
    public MetricOptions ScoringOptions() =>
        (Protocol == ScoringProtocol.EightBit ? MetricOptions.SrPaperSavedY(Scale) : MetricOptions.SrPaperY(Scale)) with { Precision = MetricPrecision.Exact };
}
