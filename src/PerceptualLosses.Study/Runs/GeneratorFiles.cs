using System;
using System.IO;
using System.Text.Json;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>
/// A trained EnhanceNet on disk: PyTorch-format weights (<c>enhancenet.pth</c>, loadable in PyTorch) with its architecture in a
/// JSON sidecar of the same name (<c>enhancenet.json</c>).
/// </summary>
public static class GeneratorFiles
{
    /// <summary>File name of the weights in a training folder.</summary>
    public const string WeightsName = "enhancenet.pth";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The architecture file that goes with <paramref name="weights"/>.</summary>
    public static string Sidecar(string weights) => Path.ChangeExtension(weights, ".json");

    /// <summary>Writes weights and architecture.</summary>
    public static void Save(EnhanceNet generator, EnhanceNetOptions options, string weights)
    {
        ModelWeights.Save(generator, weights);
        File.WriteAllText(Sidecar(weights), JsonSerializer.Serialize(options, Indented));
    }

    /// <summary>Writes only the architecture.</summary>
    public static void SaveOptions(EnhanceNetOptions options, string path) => File.WriteAllText(path, JsonSerializer.Serialize(options, Indented));

    /// <summary>Reads an architecture file.</summary>
    public static EnhanceNetOptions ReadOptions(string path) =>
        JsonSerializer.Deserialize<EnhanceNetOptions>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>Loads a generator written by <see cref="Save"/>, in eval mode on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentException">Weights or architecture file missing.</exception>
    public static EnhanceNet Load(string weights, Device device)
    {
        if (!File.Exists(weights))
        {
            throw new ArgumentException($"--model '{weights}' does not exist (expected enhancenet.pth written by train-sr).");
        }

        string sidecar = Sidecar(weights);
        if (!File.Exists(sidecar))
        {
            throw new ArgumentException($"--model '{weights}' has no architecture file '{sidecar}' next to it (train-sr writes both).");
        }

        var generator = new EnhanceNet(ReadOptions(sidecar));
        ModelWeights.Load(generator, weights);
        generator.to(device).eval();
        return generator;
    }
}
