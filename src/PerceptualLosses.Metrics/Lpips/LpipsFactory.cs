using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Builds LPIPS from weight files the user provides (nothing is downloaded).</summary>
/// <remarks>
/// Trunks are torchvision state dicts (<c>features.*</c>; <c>classifier.*</c> keys are ignored): <c>vgg16-397923af.pth</c>,
/// <c>alexnet-owt-7be5be79.pth</c>, <c>squeezenet1_1-b8a52dc0.pth</c>. Lin weights are the official v0.1 files of
/// richzhang/PerceptualSimilarity (<c>lpips/weights/v0.1/{vgg,alex,squeeze}.pth</c>) or ones trained by
/// <see cref="LpipsTrainer"/>. Every file loads strictly; a file for another net is an error saying what the file holds.
/// </remarks>
public static class LpipsFactory
{
    private static readonly string[] ClassifierPrefix = { "classifier." };

    /// <summary>
    /// LPIPS v0.1 on <paramref name="net"/>'s trunk, as richzhang/PerceptualSimilarity <c>lpips.LPIPS(net=...)</c>.
    /// </summary>
    /// <param name="net">The trunk: <see cref="LpipsNet.Alex"/> (the lpips package's default), <see cref="LpipsNet.Vgg"/> (the paper's) or <see cref="LpipsNet.Squeeze"/>.</param>
    /// <param name="trunkWeights">torchvision weights of that trunk (.pth or .safetensors).</param>
    /// <param name="linWeights">LPIPS lin weights for that net (<c>lin{k}.model.1.weight</c>).</param>
    /// <param name="inputRange">Range of the images that will be scored.</param>
    /// <param name="device">Where to put the network (CPU when null).</param>
    public static Lpips Create(LpipsNet net, string trunkWeights, string linWeights, LpipsInputRange inputRange, Device? device = null)
    {
        Guard.FileExists(linWeights);
        var (lpips, trunkName) = Trunk(net, trunkWeights, nameof(trunkWeights), inputRange);
        try
        {
            LoadLin(lpips, net, linWeights);
        }
        catch
        {
            lpips.Dispose();
            throw;
        }

        return Finish(lpips, $"LPIPS v0.1, {trunkName} trunk {Path.GetFileName(trunkWeights)} (sha256 {Hash(trunkWeights)}), lin {Path.GetFileName(linWeights)} (sha256 {Hash(linWeights)}), input {inputRange}", device);
    }

    /// <summary>
    /// LPIPS v0.1 on <paramref name="net"/>'s trunk with freshly initialised lin layers, to be trained by
    /// <see cref="LpipsTrainer"/>; scoring with it before training is an error.
    /// </summary>
    /// <param name="net">The trunk.</param>
    /// <param name="trunkWeights">torchvision weights of that trunk (.pth or .safetensors).</param>
    /// <param name="inputRange">Range of the images it will be trained and scored on.</param>
    /// <param name="device">Where to put the network (CPU when null).</param>
    public static Lpips CreateForTraining(LpipsNet net, string trunkWeights, LpipsInputRange inputRange, Device? device = null)
    {
        var (lpips, trunkName) = Trunk(net, trunkWeights, nameof(trunkWeights), inputRange);
        return Finish(lpips, $"LPIPS v0.1, {trunkName} trunk {Path.GetFileName(trunkWeights)} (sha256 {Hash(trunkWeights)}), lin trained here, input {inputRange}", device);
    }

    /// <summary>
    /// LPIPS v0.1 with a VGG-16 trunk: <paramref name="vgg16Weights"/> is a torchvision <c>vgg16</c> state dict
    /// (<c>features.*</c>; <c>classifier.*</c> keys are ignored), <paramref name="linWeights"/> the official
    /// <c>weights/v0.1/vgg.pth</c> (or one trained by <see cref="LpipsTrainer"/>). Both load strictly: a wrong file is an
    /// error saying what it holds.
    /// </summary>
    /// <param name="vgg16Weights">torchvision VGG-16 weights (.pth or .safetensors).</param>
    /// <param name="linWeights">LPIPS lin weights (<c>lin{k}.model.1.weight</c>).</param>
    /// <param name="inputRange">Range of the images that will be scored.</param>
    /// <param name="device">Where to put the network (CPU when null).</param>
    /// <remarks>The trunk's width is read from the file, so width-reduced VGG-16s (tests, CPU demos) load too.</remarks>
    public static Lpips Vgg16(string vgg16Weights, string linWeights, LpipsInputRange inputRange, Device? device = null)
    {
        Guard.FileExists(linWeights);
        var (lpips, trunkName) = Trunk(LpipsNet.Vgg, vgg16Weights, nameof(vgg16Weights), inputRange);
        try
        {
            LoadLin(lpips, LpipsNet.Vgg, linWeights);
        }
        catch
        {
            lpips.Dispose();
            throw;
        }

        return Finish(lpips, $"LPIPS v0.1, {trunkName} trunk {Path.GetFileName(vgg16Weights)} (sha256 {Hash(vgg16Weights)}), lin {Path.GetFileName(linWeights)} (sha256 {Hash(linWeights)}), input {inputRange}", device);
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
        var (lpips, trunkName) = Trunk(LpipsNet.Vgg, vgg16Weights, nameof(vgg16Weights), inputRange);
        return Finish(lpips, $"LPIPS v0.1, {trunkName} trunk {Path.GetFileName(vgg16Weights)} (sha256 {Hash(vgg16Weights)}), lin trained here, input {inputRange}", device);
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

    private static void LoadLin(Lpips lpips, LpipsNet net, string linWeights)
    {
        using var lin = StateDict.Read(linWeights);
        var holds = lin.Architecture;
        var needs = WeightLayouts.Detect(lpips.LinLayers.Select((layer, k) => (Key: $"lin{k}.model.1.weight", layer.Weight.shape)).ToDictionary(p => p.Key, p => p.shape, StringComparer.Ordinal));
        if (holds.Layout != WeightLayout.LpipsLin)
        {
            throw new ArgumentException($"linWeights: '{linWeights}' holds {holds.Description}, not LPIPS lin weights (lin0.model.1.weight, ... of shape [1,C,1,1]); LPIPS net '{Name(net)}' needs {needs.Description}.", nameof(linWeights));
        }

        if (holds != needs)
        {
            throw new ArgumentException($"linWeights: '{linWeights}' holds {holds.Description}, but this LPIPS (net '{Name(net)}') needs {needs.Description}: pass the lin file of the same net (lpips/weights/v0.1/{Name(net)}.pth), or choose the net the file is for.", nameof(linWeights));
        }

        lpips.LoadLinWeights(lin.Tensors);
    }

    private static (Lpips Lpips, string TrunkName) Trunk(LpipsNet net, string trunkWeights, string argument, LpipsInputRange inputRange)
    {
        Guard.Defined(net);

        Guard.FileExists(trunkWeights, argument);
        using var file = StateDict.Read(trunkWeights);
        var holds = file.Architecture;
        nn.Module<Tensor, Tensor> trunk;
        string trunkName;
        switch (net)
        {
            case LpipsNet.Vgg when holds is { Layout: WeightLayout.TorchvisionVgg, Depth: 16, BatchNorm: false }:
                // Any width: width-reduced VGG-16s (tests, CPU demos) load too.
                trunk = new Vgg(VggOptions.FromStateDict(file.ModelKeys(), normalizeInput: false) with { IncludeClassifier = false });
                trunkName = "VGG-16";
                break;
            case LpipsNet.Alex when holds is { Layout: WeightLayout.TorchvisionAlexNet, WidthMultiplier: 1.0 }:
                trunk = new AlexNet(includeClassifier: false);
                trunkName = "AlexNet";
                break;
            case LpipsNet.Squeeze when holds is { Layout: WeightLayout.TorchvisionSqueezeNet, Depth: 11, WidthMultiplier: 1.0 }:
                trunk = new SqueezeNet(includeClassifier: false);
                trunkName = "SqueezeNet 1.1";
                break;
            default:
                throw new ArgumentException($"{argument}: '{trunkWeights}' holds {holds.Description}, but LPIPS net '{Name(net)}' needs {TrunkFile(net)}: pass that file, or choose the net the file is for.", argument);
        }

        try
        {
            file.LoadInto(trunk, WeightLoadOptions.Default with { IgnoredPrefixes = ClassifierPrefix });
            return (new Lpips(trunk, LpipsOptions.For(net, inputRange)), trunkName);
        }
        catch
        {
            trunk.Dispose();
            throw;
        }
    }

    /// <summary>The option value of a net: alex, vgg, squeeze.</summary>
    private static string Name(LpipsNet net) => net.ToString().ToLowerInvariant();

    /// <summary>The torchvision file a net's trunk comes from.</summary>
    private static string TrunkFile(LpipsNet net) => net switch
    {
        LpipsNet.Alex => "a torchvision AlexNet (alexnet-owt-7be5be79.pth)",
        LpipsNet.Squeeze => "a torchvision SqueezeNet 1.1 (squeezenet1_1-b8a52dc0.pth)",
        _ => "a torchvision VGG-16 (vgg16-397923af.pth)",
    };

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream))[..16].ToLowerInvariant();
    }
}
