using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Models;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Says in words what a weights file handed to LPIPS holds, for errors when it is the wrong one.</summary>
internal static class LpipsWeightFiles
{
    /// <summary>Lin channel counts of the official v0.1 files (lpips/lpips.py <c>chns</c>).</summary>
    public static IReadOnlyList<long> LinChannels(LpipsNet net) => net switch
    {
        LpipsNet.Alex => AlexNet.TapChannels,
        LpipsNet.Squeeze => SqueezeNet.TapChannels,
        _ => new long[] { 64, 128, 256, 512, 512 },
    };

    /// <summary>The option value of a net: alex, vgg, squeeze.</summary>
    public static string Name(LpipsNet net) => net.ToString().ToLowerInvariant();

    /// <summary>The torchvision file a net's trunk comes from.</summary>
    public static string TrunkFile(LpipsNet net) => net switch
    {
        LpipsNet.Alex => "a torchvision AlexNet (alexnet-owt-7be5be79.pth)",
        LpipsNet.Squeeze => "a torchvision SqueezeNet 1.1 (squeezenet1_1-b8a52dc0.pth)",
        _ => "a torchvision VGG-16 (vgg16-397923af.pth)",
    };

    /// <summary>The lin channel counts a file holds (<c>lin0..</c> in order), or null when it holds no lin weights.</summary>
    public static long[]? LinChannelsOf(IReadOnlyDictionary<string, Tensor> weights)
    {
        var channels = new List<long>();
        for (int k = 0; weights.TryGetValue($"lin{k}.model.1.weight", out var w); k++)
        {
            channels.Add(w.dim() == 4 ? w.shape[1] : -1);
        }

        return channels.Count == 0 ? null : channels.ToArray();
    }

    /// <summary>E.g. "LPIPS lin weights for net 'alex' (5 layers of 64, 192, 384, 256, 256 channels)" or "a torchvision VGG-16".</summary>
    public static string Describe(IReadOnlyDictionary<string, Tensor> weights)
    {
        if (LinChannelsOf(weights) is { } channels)
        {
            var net = Enum.GetValues<LpipsNet>().Where(n => LinChannels(n).SequenceEqual(channels)).Select(n => $" for net '{Name(n)}'").FirstOrDefault() ?? "";
            return $"LPIPS lin weights{net} ({Layers(channels)})";
        }

        if (weights.TryGetValue("features.0.weight", out var first) && first.dim() == 4)
        {
            if (weights.ContainsKey("features.3.squeeze.weight"))
            {
                return first.shape[0] == 64 && first.shape[2] == 3 ? "a torchvision SqueezeNet 1.1" : $"a torchvision SqueezeNet (first conv [{string.Join(",", first.shape)}], 1.0 or another variant)";
            }

            if (first.shape[2] == 11 && weights.ContainsKey("features.10.weight") && !weights.ContainsKey("features.12.weight"))
            {
                return "a torchvision AlexNet";
            }

            try
            {
                var vgg = VggOptions.FromStateDict(weights);
                string width = Math.Abs(vgg.WidthMultiplier - 1) < 1e-9 ? "" : $" at width {vgg.WidthMultiplier:0.####}";
                return $"a torchvision VGG-{vgg.Depth}{(vgg.BatchNorm ? "-BN" : "")}{width}";
            }
            catch (ArgumentException)
            {
                // Not a VGG either: fall through to the key list.
            }
        }

        var keys = weights.Keys.Take(4).ToArray();
        return keys.Length == 0 ? "no tensors" : $"{weights.Count} tensors of no known layout (first keys: {string.Join(", ", keys)})";
    }

    /// <summary>"5 layers of 64, 192, 384, 256, 256 channels".</summary>
    public static string Layers(IReadOnlyList<long> channels) => $"{channels.Count} layers of {string.Join(", ", channels)} channels";
}
