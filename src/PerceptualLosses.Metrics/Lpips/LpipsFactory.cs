using System;
using System.IO;
using System.Security.Cryptography;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics.Lpips;

/// <summary>Builds LPIPS from weight files the user provides (nothing is downloaded).</summary>
public static class LpipsFactory
{
    private static readonly string[] ClassifierPrefix = { "classifier." };

    /// <summary>
    /// LPIPS v0.1 with a VGG-16 trunk: <paramref name="vgg16Weights"/> is a torchvision <c>vgg16</c> state dict
    /// (<c>features.*</c>; <c>classifier.*</c> keys are ignored), <paramref name="linWeights"/> the official
    /// <c>weights/v0.1/vgg.pth</c> (or one trained by <see cref="LpipsTrainer"/>). Both load strictly: a wrong file is an
    /// error listing the key problems.
    /// </summary>
    /// <param name="vgg16Weights">torchvision VGG-16 weights (.pth or .safetensors).</param>
    /// <param name="linWeights">LPIPS lin weights (<c>lin{k}.model.1.weight</c>).</param>
    /// <param name="inputRange">Range of the images that will be scored.</param>
    /// <param name="device">Where to put the network (CPU when null).</param>
    /// <remarks>The trunk's width is read from the file, so width-reduced VGG-16s (tests, CPU demos) load too.</remarks>
    public static Lpips Vgg16(string vgg16Weights, string linWeights, LpipsInputRange inputRange, Device? device = null)
    {
        Guard.FileExists(linWeights, nameof(linWeights));
        var lpips = Vgg16Trunk(vgg16Weights, inputRange);
        var lin = ModelWeights.Read(linWeights);
        try
        {
            lpips.LoadLinWeights(lin);
        }
        finally
        {
            foreach (var t in lin.Values)
            {
                t.Dispose();
            }
        }

        return Finish(lpips, $"LPIPS v0.1, VGG-16 trunk {Path.GetFileName(vgg16Weights)} (sha256 {Hash(vgg16Weights)}), lin {Path.GetFileName(linWeights)} (sha256 {Hash(linWeights)}), input {inputRange}", device);
    }

    /// <summary>
    /// LPIPS v0.1 on a torchvision VGG-16 trunk with freshly initialised lin layers, to be trained by
    /// <see cref="LpipsTrainer"/> (LPIPS, or R-LPIPS with <see cref="LpipsTrainingOptions.PaperRobust"/>); scoring with it
    /// before training is an error.
    /// </summary>
    /// <param name="vgg16Weights">torchvision VGG-16 weights (.pth or .safetensors); the width is read from the file.</param>
    /// <param name="inputRange">Range of the images it will be trained and scored on.</param>
    /// <param name="device">Where to put the network (CPU when null).</param>
    public static Lpips Vgg16ForTraining(string vgg16Weights, LpipsInputRange inputRange, Device? device = null)
    {
        var lpips = Vgg16Trunk(vgg16Weights, inputRange);
        return Finish(lpips, $"LPIPS v0.1, VGG-16 trunk {Path.GetFileName(vgg16Weights)} (sha256 {Hash(vgg16Weights)}), lin trained here, input {inputRange}", device);
    }

    private static Lpips Finish(Lpips lpips, string provenance, Device? device)
    {
        lpips.Provenance = provenance;
        if (device is not null)
        {
            lpips.to(device);
        }

        return lpips;
    }

    private static Lpips Vgg16Trunk(string vgg16Weights, LpipsInputRange inputRange)
    {
        Guard.FileExists(vgg16Weights, nameof(vgg16Weights));
        VggOptions architecture;
        var file = ModelWeights.Read(vgg16Weights);
        try
        {
            architecture = VggOptions.FromStateDict(file, normalizeInput: false) with { IncludeClassifier = false };
        }
        finally
        {
            foreach (var t in file.Values)
            {
                t.Dispose();
            }
        }

        if (architecture.Depth != 16 || architecture.BatchNorm)
        {
            throw new ArgumentException($"vgg16Weights: '{vgg16Weights}' holds a VGG-{architecture.Depth}{(architecture.BatchNorm ? "-BN" : "")}, but LPIPS v0.1 uses VGG-16.", nameof(vgg16Weights));
        }

        var trunk = new Vgg(architecture);
        ModelWeights.Load(trunk, vgg16Weights, WeightLoadOptions.Default with { IgnoredPrefixes = ClassifierPrefix });
        return new Lpips(trunk, new LpipsOptions(inputRange, LpipsOptions.Vgg16Layers));
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream))[..16].ToLowerInvariant();
    }
}
