using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// Models from files whose architecture the file (or its sidecar) says: each file is read once (<see cref="StateDict"/>),
/// its layout detected from the keys (torchvision or robustness checkpoint), the model built from what the keys or the
/// sidecar say, loaded strictly and returned in eval mode with its <see cref="WeightLoadReport"/>.
/// <see cref="ModelFactory"/> is the counterpart for an architecture given by the caller.
/// </summary>
public static class ModelStore
{
    private static readonly string[] ClassifierKeys = { "classifier." };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The features of a VGG (the P and T losses' network), depth, width and batch norm read from the keys: a
    /// torchvision state dict, or with <paramref name="robustnessCheckpoint"/> a MadryLab robustness checkpoint; the
    /// classifier part is not built and its keys are dropped, every feature weight must load.
    /// </summary>
    /// <param name="path">Weights file.</param>
    /// <param name="robustnessCheckpoint">Whether the file is a robustness checkpoint (<c>module.model.*</c> keys).</param>
    /// <param name="device">Target device; CPU when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The keys are not a VGG's, or a robustness checkpoint's features do not fit.</exception>
    public static LoadedModel<Vgg> VggFeatures(string path, bool robustnessCheckpoint, Device? device = null)
    {
        Guard.NotNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"VGG weights '{path}' do not exist: the P and T losses need a VGG-19 (torchvision vgg19 .pth, or a robustness checkpoint).", path);
        }

        using var state = StateDict.Read(path);
        var vgg = new Vgg(VggArchitecture(state, path) with { IncludeClassifier = false });
        try
        {
            WeightLoadReport report;
            if (robustnessCheckpoint)
            {
                // Non-strict only to let the classifier keys go: every feature weight must still load.
                report = state.LoadRobustnessInto(vgg, strict: false);
                if (report.MissingKeys.Count > 0 || report.ShapeMismatches.Count > 0 || report.UnexpectedKeys.Any(k => !k.StartsWith(ClassifierKeys[0], StringComparison.Ordinal)))
                {
                    throw new ArgumentException($"'{path}' does not fit a VGG-19: {report.Summarize()}", nameof(path));
                }
            }
            else
            {
                report = state.LoadInto(vgg, WeightLoadOptions.Default with { IgnoredPrefixes = ClassifierKeys });
            }

            return new LoadedModel<Vgg>(ModelFactory.Finish(vgg, device), report);
        }
        catch
        {
            vgg.Dispose();
            throw;
        }
    }

    /// <summary>A whole VGG as the file holds it (classifier included when the file has one), architecture read from the keys; either layout, strict.</summary>
    /// <param name="path">Weights file.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static LoadedModel<Vgg> Vgg(string path, Device? device = null)
    {
        using var state = StateDict.Read(Guard.NotNull(path));
        var vgg = new Vgg(VggArchitecture(state, path));
        return Loaded(vgg, () => state.LoadEitherLayoutInto(vgg), device);
    }

    /// <summary>The sidecar holding the architecture of EnhanceNet weights: the same name with <c>.json</c>.</summary>
    /// <param name="weights">Weights file (e.g. <c>enhancenet.pth</c>).</param>
    public static string EnhanceNetSidecar(string weights) => Path.ChangeExtension(Guard.NotNull(weights), ".json");

    /// <summary>Writes EnhanceNet weights (PyTorch format, loadable in PyTorch) and their architecture sidecar (<see cref="EnhanceNetSidecar"/>).</summary>
    /// <param name="generator">The model.</param>
    /// <param name="options">Its architecture.</param>
    /// <param name="weights">Weights file; the sidecar goes beside it.</param>
    public static void SaveEnhanceNet(EnhanceNet generator, EnhanceNetOptions options, string weights)
    {
        ModelWeights.Save(Guard.NotNull(generator), Guard.NotNull(weights));
        WriteEnhanceNetOptions(options, EnhanceNetSidecar(weights));
    }

    /// <summary>Writes an EnhanceNet architecture sidecar.</summary>
    /// <param name="options">The architecture.</param>
    /// <param name="path">The JSON file.</param>
    public static void WriteEnhanceNetOptions(EnhanceNetOptions options, string path) =>
        File.WriteAllText(Guard.NotNull(path), JsonSerializer.Serialize(Guard.NotNull(options), Indented));

    /// <summary>Reads an EnhanceNet architecture sidecar.</summary>
    /// <param name="path">The JSON file.</param>
    public static EnhanceNetOptions ReadEnhanceNetOptions(string path) =>
        JsonSerializer.Deserialize<EnhanceNetOptions>(File.ReadAllText(Guard.NotNull(path))) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>EnhanceNet weights written by <see cref="SaveEnhanceNet"/>, built from their sidecar; strict.</summary>
    /// <param name="weights">Weights file.</param>
    /// <param name="device">Target device; CPU when null.</param>
    /// <exception cref="FileNotFoundException">Weights or sidecar missing.</exception>
    public static LoadedModel<EnhanceNet> EnhanceNet(string weights, Device? device = null)
    {
        Guard.NotNull(weights);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"'{weights}' does not exist (expected enhancenet.pth written by train-sr).", weights);
        }

        string sidecar = EnhanceNetSidecar(weights);
        if (!File.Exists(sidecar))
        {
            throw new FileNotFoundException($"'{weights}' has no architecture file '{sidecar}' next to it (train-sr writes both).", sidecar);
        }

        var generator = new EnhanceNet(ReadEnhanceNetOptions(sidecar));
        return Loaded(generator, () =>
        {
            using var state = StateDict.Read(weights);
            return state.LoadInto(generator);
        }, device);
    }

    /// <summary>A classifier of <paramref name="architecture"/> from a TorchSharp file, torchvision state dict or robustness checkpoint (detected from the keys); strict.</summary>
    /// <param name="weights">Weights file.</param>
    /// <param name="architecture">What to build.</param>
    /// <param name="device">Target device; CPU when null.</param>
    public static LoadedModel<nn.Module<Tensor, Tensor>> Classifier(string weights, ClassifierArchitecture architecture, Device? device = null)
    {
        Guard.NotNull(weights);
        Guard.NotNull(architecture);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"weights file '{weights}' does not exist.", weights);
        }

        var model = architecture.Create();
        return Loaded(model, () =>
        {
            using var state = StateDict.Read(weights);
            return state.LoadEitherLayoutInto(model);
        }, device);
    }

    /// <summary>A classifier written by <c>perceptual train-classifier</c>: weights with the <see cref="ClassifierArchitecture"/> sidecar beside them.</summary>
    /// <param name="weights">Weights file.</param>
    /// <param name="device">Target device; CPU when null.</param>
    /// <returns>The model, its load report, and the architecture from the sidecar.</returns>
    /// <exception cref="FileNotFoundException">
    /// Weights or sidecar missing; a missing sidecar's message names the <see cref="ClassifierArchitecture"/> properties to give
    /// instead (<c>Arch</c>, <c>NumClasses</c>; <see cref="NamedSettings"/>).
    /// </exception>
    public static (LoadedModel<nn.Module<Tensor, Tensor>> Loaded, ClassifierArchitecture Architecture) Classifier(string weights, Device? device = null)
    {
        Guard.NotNull(weights);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"weights file '{weights}' does not exist.", weights);
        }

        string sidecar = ClassifierArchitecture.SidecarOf(weights);
        if (!File.Exists(sidecar))
        {
            // Named as the ClassifierArchitecture properties to give, so a front end can say its own names for them.
            throw new FileNotFoundException(
                $"weights file '{weights}' has no '{sidecar}' beside it: a torchvision state dict or robustness checkpoint needs its architecture given instead: Arch (and NumClasses).",
                sidecar).Naming(new[] { nameof(ClassifierArchitecture.Arch), nameof(ClassifierArchitecture.NumClasses) });
        }

        var architecture = ClassifierArchitecture.Read(sidecar);
        return (Classifier(weights, architecture, device), architecture);
    }

    /// <summary>The VGG the keys describe; a file of another architecture is an error naming the file and what it holds.</summary>
    private static VggOptions VggArchitecture(StateDict state, string path) =>
        state.Architecture.Family == "VGG"
            ? VggOptions.FromStateDict(state.ModelKeys())
            : throw new ArgumentException($"path: '{path}' is not a torchvision VGG: it holds {state.Architecture.Description}.", nameof(path));

    private static LoadedModel<TModel> Loaded<TModel>(TModel model, Func<WeightLoadReport> load, Device? device)
        where TModel : nn.Module
    {
        try
        {
            var report = load();
            return new LoadedModel<TModel>(ModelFactory.Finish(model, device), report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
