using PerceptualLosses.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Classifiers;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>
/// Overrides of a preset (null: keep the preset's value), as a command line gives them. Lists are text:
/// <see cref="Losses"/> <c>E,EP</c>, <see cref="Seeds"/> <c>0,1,2</c>, <see cref="Datasets"/> <c>Set5=DIR,Set14=DIR</c>,
/// <see cref="ClassifierWeights"/> <c>resnet50=FILE,resnet50-robust=FILE</c>; enum settings are typed (parse their names
/// with <see cref="Runs.SettingNames"/>). Errors name the property at fault (<see cref="NamedSettings"/>).
/// </summary>
public sealed record StudyOverrides
{
    /// <summary>Training images folder.</summary>
    public string? TrainImages { get; init; }

    /// <summary>Validation images folder.</summary>
    public string? ValidationImages { get; init; }

    /// <summary><c>Name=DIR,…</c> (or plain folders, named after themselves).</summary>
    public string? Datasets { get; init; }

    /// <summary>Comma-separated loss presets or specs.</summary>
    public string? Losses { get; init; }

    /// <summary>Comma-separated seeds.</summary>
    public string? Seeds { get; init; }

    /// <summary>Training steps; on the demo preset the checkpoint and validation intervals follow unless given.</summary>
    public int? Steps { get; init; }

    /// <summary>EnhanceNet size.</summary>
    public EnhanceNetSize? Model { get; init; }

    /// <summary>HR crop side.</summary>
    public int? Patch { get; init; }

    /// <summary>Batch size.</summary>
    public int? Batch { get; init; }

    /// <summary>Adam learning rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Steps between checkpoints.</summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>Steps between validations.</summary>
    public int? ValidateEvery { get; init; }

    /// <summary>Layer reading.</summary>
    public LayerReading? Layers { get; init; }

    /// <summary>Normal VGG-19 loss network (also Table 1's normal VGG-19 row unless <see cref="ClassifierWeights"/> names it).</summary>
    public string? VggWeights { get; init; }

    /// <summary>Robust VGG-19 loss network (also Table 1's robust VGG-19 row unless named there).</summary>
    public string? RobustVggWeights { get; init; }

    /// <summary>Whether the robust VGG-19 file is a robustness checkpoint.</summary>
    public bool? RobustVggIsRobustnessCheckpoint { get; init; }

    /// <summary>LPIPS VGG-16 trunk.</summary>
    public string? Vgg16Weights { get; init; }

    /// <summary>LPIPS lin weights.</summary>
    public string? LpipsWeights { get; init; }

    /// <summary>R-LPIPS lin weights.</summary>
    public string? RobustLpipsWeights { get; init; }

    /// <summary>Leave LPIPS and R-LPIPS out.</summary>
    public bool NoLpips { get; init; }

    /// <summary>Labelled images of Table 1 / Figure 1 (IDX folder or class folder, detected).</summary>
    public string? ClassifierData { get; init; }

    /// <summary>Use the first N labelled images (0 = all).</summary>
    public int? ClassifierLimit { get; init; }

    /// <summary><c>arch=FILE</c> or <c>arch-robust=FILE</c>, comma-separated.</summary>
    public string? ClassifierWeights { get; init; }

    /// <summary>Images for the Gatys normalisation of the loss networks (turns it on where the preset has it off).</summary>
    public string? NormalizationImages { get; init; }

    /// <summary>Use the VGG-19 files as they are, without Gatys normalisation.</summary>
    public bool NoNormalization { get; init; }

    /// <summary>Skip Table 1 and Figure 1.</summary>
    public bool NoClassifiers { get; init; }

    /// <summary>The configuration with these overrides applied.</summary>
    /// <exception cref="ArgumentException">A malformed list or an override naming nothing in the configuration; the
    /// message names the property at fault (its parameter name) and any other it refers to (<see cref="NamedSettings.Named"/>).</exception>
    public StudyConfiguration ApplyTo(StudyConfiguration c)
    {
        ArgumentNullException.ThrowIfNull(c);
        c = c with
        {
            TrainImages = TrainImages ?? c.TrainImages,
            ValidationImages = ValidationImages ?? c.ValidationImages,
            Datasets = Datasets is null ? c.Datasets : ParseDatasets(Datasets),
            Losses = Losses is null ? c.Losses : List(Losses, nameof(Losses)),
            Seeds = Seeds is null ? c.Seeds : List(Seeds, nameof(Seeds)).Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Error(nameof(Seeds), $"'{s}' is not an integer.")).ToArray(),
            Model = Model ?? c.Model,
            Patch = Patch ?? c.Patch,
            Batch = Batch ?? c.Batch,
            LearningRate = LearningRate ?? c.LearningRate,
            Layers = Layers ?? c.Layers,
            VggWeights = VggWeights ?? c.VggWeights,
            RobustVggWeights = RobustVggWeights ?? c.RobustVggWeights,
            RobustVggIsRobustnessCheckpoint = RobustVggIsRobustnessCheckpoint ?? c.RobustVggIsRobustnessCheckpoint,
        };
        if (Steps is int steps)
        {
            bool demo = c.Preset == "demo";
            c = c with
            {
                Steps = steps,
                CheckpointEvery = demo ? Math.Max(1, steps / 4) : c.CheckpointEvery,
                ValidateEvery = demo ? steps : c.ValidateEvery,
            };
        }

        c = c with { CheckpointEvery = CheckpointEvery ?? c.CheckpointEvery, ValidateEvery = ValidateEvery ?? c.ValidateEvery };
        c = c with { Lpips = NoLpips ? null : ApplyLpips(c.Lpips) };
        c = c with { Classifiers = NoClassifiers ? null : ApplyClassifiers(c.Classifiers) };
        c = c with
        {
            Normalization = NoNormalization ? null
                : NormalizationImages is null ? c.Normalization
                : new StudyNormalization(NormalizationImages, c.Normalization?.MaxImages ?? 0),
        };
        return c;
    }

    private StudyLpips? ApplyLpips(StudyLpips? lpips)
    {
        if (Vgg16Weights is null && LpipsWeights is null && RobustLpipsWeights is null)
        {
            return lpips;
        }

        string trunk = Vgg16Weights ?? lpips?.Vgg16Weights
            ?? throw Error(nameof(Vgg16Weights), $"{nameof(LpipsWeights)}/{nameof(RobustLpipsWeights)} need {nameof(Vgg16Weights)} (the torchvision VGG-16 trunk).", nameof(LpipsWeights), nameof(RobustLpipsWeights));
        string lin = LpipsWeights ?? lpips?.LinWeights
            ?? throw Error(nameof(LpipsWeights), $"{nameof(RobustLpipsWeights)} needs {nameof(LpipsWeights)} too (Table 2 has both columns).", nameof(RobustLpipsWeights));
        return new StudyLpips(trunk, lin, RobustLpipsWeights ?? lpips?.RobustLinWeights);
    }

    private StudyClassifiers? ApplyClassifiers(StudyClassifiers? k)
    {
        if (k is null)
        {
            if (ClassifierData is not null || ClassifierWeights is not null)
            {
                throw Error(ClassifierData is null ? nameof(ClassifierWeights) : nameof(ClassifierData),
                    $"{nameof(ClassifierData)}/{nameof(ClassifierWeights)}: this configuration has no classifiers (set its Classifiers first).", nameof(ClassifierData), nameof(ClassifierWeights));
            }

            return null;
        }

        if (ClassifierData is not null)
        {
            k = k with { Data = ClassifierData, DataFormat = LabelledImages.IsIdx(ClassifierData, train: false) ? "idx" : "folder" };
        }

        k = k with { Limit = ClassifierLimit ?? k.Limit };
        var models = k.Models.ToList();
        var named = new HashSet<string>(StringComparer.Ordinal);
        if (ClassifierWeights is not null)
        {
            foreach (string item in List(ClassifierWeights, nameof(ClassifierWeights)))
            {
                int eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw Error(nameof(ClassifierWeights), $"'{item}' is not arch=FILE or arch-robust=FILE.");
                }

                string key = item[..eq];
                int index = models.FindIndex(m => Key(m) == key);
                if (index < 0)
                {
                    throw Error(nameof(ClassifierWeights), $"no classifier '{key}'; this configuration has {string.Join(", ", models.Select(Key))}.");
                }

                models[index] = models[index] with { Weights = item[(eq + 1)..] };
                named.Add(key);
            }
        }

        // Table 1's VGG-19 rows are the loss networks themselves (paper §3): they follow VggWeights unless named.
        for (int i = 0; i < models.Count; i++)
        {
            var m = models[i];
            string? follow = m.Architecture == "vgg19" && !named.Contains(Key(m)) ? (m.Robust ? RobustVggWeights : VggWeights) : null;
            if (follow is not null)
            {
                models[i] = m with { Weights = follow };
            }
        }

        return k with { Models = models };
    }

    private static string Key(StudyClassifier m) => m.Robust ? $"{m.Architecture}-robust" : m.Architecture;

    private static string[] List(string text, string setting)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0 ? items : throw Error(setting, "empty list.");
    }

    /// <summary>An error about <paramref name="setting"/>: its message names it (first, unless it does already), and <paramref name="others"/> too.</summary>
#pragma warning disable CA2208 // the parameter named is the override property at fault, which a front end maps to its own name for it
    private static ArgumentException Error(string setting, string message, params string[] others) =>
        new ArgumentException(message.Contains(setting, StringComparison.Ordinal) ? message : $"{setting}: {message}", setting).Naming(others.Prepend(setting));
#pragma warning restore CA2208

    private static StudyDataset[] ParseDatasets(string text) => List(text, nameof(Datasets)).Select(item =>
    {
        int eq = item.IndexOf('=', StringComparison.Ordinal);
        return eq > 0
            ? new StudyDataset(item[..eq], item[(eq + 1)..])
            : new StudyDataset(Path.GetFileName(Path.TrimEndingDirectorySeparator(item)), item);
    }).ToArray();
}
