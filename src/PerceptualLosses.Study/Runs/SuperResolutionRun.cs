using System.Text.Json.Serialization;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;

namespace PerceptualLosses.Study.Runs;

/// <summary>
/// Everything that defines a super-resolution training run. Its JSON, minus the step count, is the resume fingerprint:
/// the properties are written in this order, the enums by their names in <see cref="SettingNames"/>, as the fingerprints
/// of checkpoints already on disk hold them.
/// </summary>
public sealed record SuperResolutionRun
{
    /// <summary>Creates the settings.</summary>
    /// <param name="train">Folder of training images (searched recursively).</param>
    /// <param name="validation">Folder of validation HR images.</param>
    /// <param name="loss">Loss spec (E, EP, … or weighted terms), as given: the fingerprint holds this text.</param>
    /// <param name="vggWeights">VGG-19 weights for P and T terms.</param>
    /// <param name="robust">Whether <paramref name="vggWeights"/> is a robustness-format checkpoint.</param>
    /// <param name="layers">Layer reading of the short names.</param>
    /// <param name="steps">Optimizer steps in total.</param>
    /// <param name="model">EnhanceNet size.</param>
    /// <param name="scale">Upscaling factor.</param>
    /// <param name="patch">HR crop side.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <param name="validateEvery">Steps between validations.</param>
    /// <param name="checkpointEvery">Steps between checkpoints.</param>
    /// <param name="seed">Seed of initialisation and data order.</param>
    [JsonConstructor]
    public SuperResolutionRun(
        string train, string validation, string loss, string? vggWeights, bool robust, LayerReading layers, int steps, EnhanceNetSize model,
        int scale, int patch, int batch, double learningRate, int validateEvery, int checkpointEvery, int seed)
    {
        (Train, Validation, Loss, VggWeights, Robust, Layers, Steps, Model) = (train, validation, loss, vggWeights, robust, layers, steps, model);
        (Scale, Patch, Batch, LearningRate, ValidateEvery, CheckpointEvery, Seed) = (scale, patch, batch, learningRate, validateEvery, checkpointEvery, seed);
    }

    /// <summary>Creates the settings with the layer reading and the model by their names (<see cref="SettingNames"/>).</summary>
    /// <param name="train">Folder of training images (searched recursively).</param>
    /// <param name="validation">Folder of validation HR images.</param>
    /// <param name="loss">Loss spec, as given.</param>
    /// <param name="vggWeights">VGG-19 weights for P and T terms.</param>
    /// <param name="robust">Whether <paramref name="vggWeights"/> is a robustness-format checkpoint.</param>
    /// <param name="layers"><c>enhancenet</c> or <c>literal</c>.</param>
    /// <param name="steps">Optimizer steps in total.</param>
    /// <param name="model"><c>paper</c> or <c>tiny</c>.</param>
    /// <param name="scale">Upscaling factor.</param>
    /// <param name="patch">HR crop side.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <param name="validateEvery">Steps between validations.</param>
    /// <param name="checkpointEvery">Steps between checkpoints.</param>
    /// <param name="seed">Seed of initialisation and data order.</param>
    /// <exception cref="System.ArgumentException">Another name (the exception names the setting, <c>Layers</c> or <c>Model</c>, and the names it takes).</exception>
    public SuperResolutionRun(
        string train, string validation, string loss, string? vggWeights, bool robust, string layers, int steps, string model,
        int scale, int patch, int batch, double learningRate, int validateEvery, int checkpointEvery, int seed)
        : this(train, validation, loss, vggWeights, robust, SettingNames.Layers.Parse(layers), steps, SettingNames.Model.Parse(model),
            scale, patch, batch, learningRate, validateEvery, checkpointEvery, seed)
    {
    }

    /// <summary>Folder of training images (searched recursively).</summary>
    public string Train { get; init; }

    /// <summary>Folder of validation HR images.</summary>
    public string Validation { get; init; }

    /// <summary>Loss spec (E, EP, … or weighted terms), as given: the fingerprint holds this text.</summary>
    public string Loss { get; init; }

    /// <summary>VGG-19 weights for P and T terms.</summary>
    public string? VggWeights { get; init; }

    /// <summary>Whether <see cref="VggWeights"/> is a robustness-format checkpoint.</summary>
    public bool Robust { get; init; }

    /// <summary>Layer reading of the short names (written <c>enhancenet</c> or <c>literal</c>).</summary>
    [JsonConverter(typeof(LayersJsonConverter))]
    public LayerReading Layers { get; init; }

    /// <summary>Optimizer steps in total.</summary>
    public int Steps { get; init; }

    /// <summary>EnhanceNet size (written <c>paper</c> or <c>tiny</c>).</summary>
    [JsonConverter(typeof(ModelJsonConverter))]
    public EnhanceNetSize Model { get; init; }

    /// <summary>Upscaling factor.</summary>
    public int Scale { get; init; }

    /// <summary>HR crop side.</summary>
    public int Patch { get; init; }

    /// <summary>Batch size.</summary>
    public int Batch { get; init; }

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; }

    /// <summary>Steps between validations.</summary>
    public int ValidateEvery { get; init; }

    /// <summary>Steps between checkpoints.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Seed of initialisation and data order.</summary>
    public int Seed { get; init; }
}
