using System.Text.Json.Serialization;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;

namespace PerceptualLosses.Study.Runs;

/// <summary>Everything that defines a super-resolution training run (its JSON, minus the step count, is the resume fingerprint).</summary>
/// <param name="Train">Folder of training images (searched recursively).</param>
/// <param name="Validation">Folder of validation HR images.</param>
/// <param name="Loss">Loss spec (E, EP, … or weighted terms), as given: the fingerprint holds this text.</param>
/// <param name="VggWeights">VGG-19 weights for P and T terms.</param>
/// <param name="Robust">Whether <paramref name="VggWeights"/> is a robustness-format checkpoint.</param>
/// <param name="Layers">Layer reading of the short names (written <c>enhancenet</c> or <c>literal</c>, <see cref="SettingNames.Layers"/>).</param>
/// <param name="Steps">Optimizer steps in total.</param>
/// <param name="Model">EnhanceNet size (written <c>paper</c> or <c>tiny</c>, <see cref="SettingNames.Model"/>).</param>
/// <param name="Scale">Upscaling factor.</param>
/// <param name="Patch">HR crop side.</param>
/// <param name="Batch">Batch size.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="ValidateEvery">Steps between validations.</param>
/// <param name="CheckpointEvery">Steps between checkpoints.</param>
/// <param name="Seed">Seed of initialisation and data order.</param>
public sealed record SuperResolutionRun(
    string Train,
    string Validation,
    string Loss,
    string? VggWeights,
    bool Robust,
    [property: JsonConverter(typeof(LayersJsonConverter))] LayerReading Layers,
    int Steps,
    [property: JsonConverter(typeof(ModelJsonConverter))] EnhanceNetSize Model,
    int Scale,
    int Patch,
    int Batch,
    double LearningRate,
    int ValidateEvery,
    int CheckpointEvery,
    int Seed)
{
    /// <summary>The settings with the layer reading and the model by their names (<see cref="SettingNames"/>), as fingerprints on disk hold them.</summary>
    /// <exception cref="System.ArgumentException">A name that is not one of <see cref="SettingNames.Layers"/> or <see cref="SettingNames.Model"/> (the exception names the setting).</exception>
#pragma warning disable CS1573 // the parameters are the primary constructor's, documented on the type
    public SuperResolutionRun(
        string Train, string Validation, string Loss, string? VggWeights, bool Robust, string Layers, int Steps, string Model,
        int Scale, int Patch, int Batch, double LearningRate, int ValidateEvery, int CheckpointEvery, int Seed)
        : this(Train, Validation, Loss, VggWeights, Robust, SettingNames.Layers.Parse(Layers), Steps, SettingNames.Model.Parse(Model),
            Scale, Patch, Batch, LearningRate, ValidateEvery, CheckpointEvery, Seed)
#pragma warning restore CS1573
    {
    }
}
