using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerceptualLosses.Common;

namespace PerceptualLosses.Models;

/// <summary>
/// The architecture of a classifier by name (<see cref="ArchitectureRegistry"/>), and the JSON sidecar
/// (<see cref="FileName"/>) that <c>perceptual train-classifier</c> writes beside its weights.
/// </summary>
/// <param name="Arch">A name of <see cref="ArchitectureRegistry.Names"/>.</param>
/// <param name="Channels">Image channels.</param>
/// <param name="ImageSize">Image side.</param>
/// <param name="NumClasses">Classes.</param>
/// <param name="Width">Channel multiplier (1 = torchvision).</param>
public sealed record ClassifierArchitecture(
    [property: JsonPropertyName("arch")] string Arch,
    [property: JsonPropertyName("channels")] int Channels,
    [property: JsonPropertyName("image_size")] int ImageSize,
    [property: JsonPropertyName("num_classes")] int NumClasses,
    [property: JsonPropertyName("width")] double Width = 1.0)
{
    /// <summary>File name of the sidecar, in the folder of the weights.</summary>
    public const string FileName = "architecture.json";

    /// <summary>The sidecar path for <paramref name="weights"/>.</summary>
    /// <param name="weights">Weights file.</param>
    public static string SidecarOf(string weights) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Guard.NotNull(weights)))!, FileName);

    /// <summary>Reads a sidecar.</summary>
    /// <param name="path">The JSON file.</param>
    /// <exception cref="InvalidDataException">Not a classifier architecture file.</exception>
    public static ClassifierArchitecture Read(string path)
    {
        Guard.FileExists(path);
        try
        {
            var read = JsonSerializer.Deserialize<ClassifierArchitecture>(File.ReadAllText(path));
            return read is { Arch: not null } ? read : throw new InvalidDataException($"'{path}' holds no classifier architecture (arch, channels, image_size, num_classes).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a classifier architecture file: {e.Message}", e);
        }
    }

    /// <summary>Writes the sidecar to <paramref name="path"/>.</summary>
    /// <param name="path">The JSON file.</param>
    public void Write(string path) => File.WriteAllText(Guard.NotNull(path), JsonSerializer.Serialize(this));

    /// <summary>Throws when a value is out of range (naming the property).</summary>
    /// <exception cref="System.ArgumentException">An unknown architecture, or a size, class count or width out of range.</exception>
    public void Validate()
    {
        ArchitectureRegistry.CheckName(Arch);
        Guard.AtLeast(Channels, 1);
        Guard.AtLeast(ImageSize, 1);
        Guard.AtLeast(NumClasses, 1);
        Guard.Positive(Width);
    }

    /// <summary>A new, untrained model of this architecture.</summary>
    public TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Create() =>
        ArchitectureRegistry.Create(Arch, Channels, ImageSize, NumClasses, Width);
}
