using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>Builds the VGG-19 loss network from a weights file (architecture and width read from the file).</summary>
public static class LossNetworks
{
    /// <summary>
    /// torchvision-format VGG state dict, or with <paramref name="robust"/> a MadryLab robustness checkpoint
    /// (<c>module.model.*</c> keys); the classifier part is not used by the losses and is ignored.
    /// </summary>
    public static Vgg Load(string path, bool robust, Device device)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--vgg-weights '{path}' does not exist. The P and T losses need VGG-19 weights (torchvision vgg19 .pth, or a robust one with --robust).");
        }

        using var scope = NewDisposeScope();
        var state = ModelWeights.Read(path);
        var keys = state.ToDictionary(kv => Strip(kv.Key), kv => kv.Value);
        var options = VggOptions.FromStateDict(keys) with { IncludeClassifier = false };
        var vgg = new Vgg(options);
        if (robust)
        {
            // Non-strict only to let the classifier keys go: every feature weight must still load.
            var report = RobustnessCheckpoint.Load(vgg, path, strict: false);
            if (report.MissingKeys.Count > 0 || report.ShapeMismatches.Count > 0 || report.UnexpectedKeys.Any(k => !k.StartsWith("classifier.", StringComparison.Ordinal)))
            {
                throw new ArgumentException($"--vgg-weights '{path}' does not fit a VGG-19: {report.Summarize()}");
            }
        }
        else
        {
            ModelWeights.Load(vgg, path, WeightLoadOptions.Default with { IgnoredPrefixes = new[] { "classifier." } });
        }

        vgg.to(device).eval();
        return vgg;
    }

    private static string Strip(string key)
    {
        foreach (string prefix in new[] { "module.attacker.model.", "module.model.", "attacker.model.", "model.", "module." })
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return key[prefix.Length..];
            }
        }

        return key;
    }
}
