using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace PerceptualLosses.Models;

/// <summary>Recognises a state dict's layout and architecture from its keys and shapes (no values needed).</summary>
internal static class WeightLayouts
{
    /// <summary>The layouts tried, for messages about files that fit none.</summary>
    public const string Tried = "torchvision VGG/ResNet/AlexNet/SqueezeNet, robustness checkpoint (module.model.* + module.attacker.* + normalizer), LPIPS lin (lin{k}.model.1.weight), EnhanceNet (conv_first … conv_last), small-cnn classifier (conv1, conv2, fc1, fc2)";

    private static readonly Regex LinKey = new(@"^lin(\d+)\.model\.1\.weight$", RegexOptions.CultureInvariant);
    private static readonly Regex LayerBlock = new(@"^layer(\d)\.(\d+)\.", RegexOptions.CultureInvariant);

    /// <summary>The architecture the keys imply.</summary>
    public static WeightArchitecture Detect(IReadOnlyDictionary<string, long[]> shapes)
    {
        var keys = shapes.ToDictionary(kv => WeightKeys.WithoutDataParallel(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        if (IsRobustness(keys.Keys))
        {
            var inner = Detect(keys.Where(kv => kv.Key.StartsWith("model.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["model.".Length..], kv => kv.Value, StringComparer.Ordinal));
            return inner with { Layout = WeightLayout.RobustnessCheckpoint, Description = "a robustness checkpoint of " + inner.Description };
        }

        return Lin(keys) ?? EnhanceNet(keys) ?? AlexNet(keys) ?? SqueezeNet(keys) ?? Vgg(keys) ?? ResNet(keys) ?? SmallCnn(keys)
            ?? new WeightArchitecture(WeightLayout.Unknown, null, null, null, null, false, "a state dict of no known layout");
    }

    /// <summary>
    /// Whether keys have the MadryLab robustness layout: the classifier under <c>model.</c> beside the attacker's copy or
    /// the normalizer buffers (robustness, <c>attacker.py</c>), each optionally under <c>module.</c>.
    /// </summary>
    public static bool IsRobustness(IEnumerable<string> keys)
    {
        bool model = false, copy = false;
        foreach (string key in keys.Select(WeightKeys.WithoutDataParallel))
        {
            model |= key.StartsWith(WeightKeys.RobustnessModel, StringComparison.Ordinal);
            copy |= WeightKeys.IsRobustnessCopy(key);
        }

        return model && copy;
    }

    /// <summary>First keys and the layouts tried, for a file that fits none.</summary>
    public static string Unknown(IEnumerable<string> keys) =>
        $"first keys: {string.Join(", ", keys.Take(5))}; layouts tried: {Tried}";

    private static WeightArchitecture? Lin(Dictionary<string, long[]> keys)
    {
        if (keys.Count == 0 || !keys.Keys.All(k => LinKey.IsMatch(k)))
        {
            return null;
        }

        var channels = keys.OrderBy(kv => int.Parse(LinKey.Match(kv.Key).Groups[1].Value, CultureInfo.InvariantCulture)).Select(kv => kv.Value.Length > 1 ? kv.Value[1] : 0).ToArray();
        var known = new Dictionary<string, long[]>
        {
            ["vgg"] = new long[] { 64, 128, 256, 512, 512 },
            ["alex"] = new long[] { 64, 192, 384, 256, 256 },
            ["squeeze"] = new long[] { 64, 128, 256, 384, 384, 512, 512 },
        };
        foreach (var (net, published) in known)
        {
            if (published.Length == channels.Length)
            {
                double width = (double)channels[0] / published[0];
                if (channels.Zip(published).All(p => Math.Abs(p.First - Math.Max(1, Math.Round(p.Second * width))) < 0.5))
                {
                    string at = width == 1 ? "" : $" at width {WeightArchitecture.FormatWidth(width)}";
                    return new WeightArchitecture(WeightLayout.LpipsLin, $"LPIPS lin ({net})", null, width, null, false, $"LPIPS v0.1 lin layers for the {net} trunk{at} (channels {string.Join(", ", channels)})");
                }
            }
        }

        return new WeightArchitecture(WeightLayout.LpipsLin, "LPIPS lin", null, null, null, false, $"LPIPS lin layers for no known trunk (channels {string.Join(", ", channels)})");
    }

    private static WeightArchitecture? EnhanceNet(Dictionary<string, long[]> keys)
    {
        if (!keys.TryGetValue("conv_first.weight", out var first) || !keys.ContainsKey("conv_last.weight"))
        {
            return null;
        }

        int blocks = keys.Keys.Where(k => k.StartsWith("residual_blocks.", StringComparison.Ordinal)).Select(k => k.Split('.')[1]).Distinct().Count();
        int stages = keys.Keys.Count(k => k.StartsWith("upsample_convs.", StringComparison.Ordinal) && k.EndsWith(".weight", StringComparison.Ordinal));
        return new WeightArchitecture(WeightLayout.EnhanceNet, "EnhanceNet", null, first[0] / 64.0, null, false,
            FormattableString.Invariant($"an EnhanceNet ×{1 << stages} with {first[0]} channels and {blocks} residual blocks"));
    }

    private static WeightArchitecture? AlexNet(Dictionary<string, long[]> keys)
    {
        if (!keys.TryGetValue("features.0.weight", out var first) || first.Length != 4 || first[2] != 11)
        {
            return null;
        }

        double width = first[0] / 64.0;
        int? classes = keys.TryGetValue("classifier.6.weight", out var last) ? (int)last[0] : null;
        return new WeightArchitecture(WeightLayout.TorchvisionAlexNet, "AlexNet", null, width, classes, false, "an AlexNet" + Suffix(width, classes));
    }

    private static WeightArchitecture? SqueezeNet(Dictionary<string, long[]> keys)
    {
        if (!keys.Keys.Any(k => k.Contains(".squeeze.weight", StringComparison.Ordinal)) || !keys.TryGetValue("features.0.weight", out var first))
        {
            return null;
        }

        bool v10 = first[2] == 7;
        double width = first[0] / (v10 ? 96.0 : 64.0);
        int? classes = keys.TryGetValue("classifier.1.weight", out var last) ? (int)last[0] : null;
        return new WeightArchitecture(WeightLayout.TorchvisionSqueezeNet, v10 ? "SqueezeNet 1.0" : "SqueezeNet 1.1", v10 ? 10 : 11, width, classes, false, $"a SqueezeNet {(v10 ? "1.0" : "1.1")}" + Suffix(width, classes));
    }

    private static WeightArchitecture? Vgg(Dictionary<string, long[]> keys)
    {
        if (!keys.TryGetValue("features.0.weight", out var first) || first.Length != 4)
        {
            return null;
        }

        int convs = keys.Count(kv => kv.Key.StartsWith("features.", StringComparison.Ordinal) && kv.Key.EndsWith(".weight", StringComparison.Ordinal) && kv.Value.Length == 4);
        int depth = convs + 3;
        if (depth is not (11 or 13 or 16 or 19))
        {
            return null;
        }

        bool bn = keys.Keys.Any(k => k.StartsWith("features.", StringComparison.Ordinal) && k.EndsWith(".running_mean", StringComparison.Ordinal));
        double width = first[0] / 64.0;
        int? classes = keys.TryGetValue("classifier.6.weight", out var last) ? (int)last[0] : null;
        return new WeightArchitecture(WeightLayout.TorchvisionVgg, "VGG", depth, width, classes, bn, $"a VGG-{depth}{(bn ? "-BN" : "")}" + Suffix(width, classes));
    }

    private static WeightArchitecture? ResNet(Dictionary<string, long[]> keys)
    {
        if (!keys.TryGetValue("conv1.weight", out var stem) || !keys.ContainsKey("layer1.0.conv1.weight"))
        {
            return null;
        }

        var blocks = Enumerable.Range(1, 4).Select(stage => keys.Keys.Select(k => LayerBlock.Match(k)).Where(m => m.Success && m.Groups[1].Value == stage.ToString(CultureInfo.InvariantCulture)).Select(m => m.Groups[2].Value).Distinct().Count()).ToArray();
        bool bottleneck = keys.ContainsKey("layer1.0.conv3.weight");
        string pattern = string.Join(",", blocks);
        int? depth = (pattern, bottleneck) switch
        {
            ("2,2,2,2", false) => 18,
            ("3,4,6,3", false) => 34,
            ("3,4,6,3", true) => 50,
            ("3,4,23,3", true) => 101,
            ("3,8,36,3", true) => 152,
            _ => null,
        };
        double width = stem[0] / 64.0;
        int? classes = keys.TryGetValue("fc.weight", out var fc) ? (int)fc[0] : null;
        string name = depth is int d ? $"a ResNet-{d}" : $"a ResNet with blocks [{pattern}]";
        return new WeightArchitecture(WeightLayout.TorchvisionResNet, "ResNet", depth, width, classes, false, name + Suffix(width, classes));
    }

    private static WeightArchitecture? SmallCnn(Dictionary<string, long[]> keys)
    {
        string[] expected = { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" };
        if (keys.Count != expected.Length || !expected.All(keys.ContainsKey))
        {
            return null;
        }

        int classes = (int)keys["fc2.weight"][0];
        return new WeightArchitecture(WeightLayout.SmallCnnClassifier, "small-cnn", null, null, classes, false, FormattableString.Invariant($"a small-cnn classifier with {keys["conv1.weight"][1]} input channel(s) and {classes} classes"));
    }

    private static string Suffix(double width, int? classes) =>
        (width == 1 ? " at full width" : $" at width {WeightArchitecture.FormatWidth(width)}")
        + (classes is int c ? FormattableString.Invariant($" with {c} classes") : ", features only");

    /// <summary>One sentence on how a file differs from the model it was loaded into, with the options that would fix it.</summary>
    public static string Explain(WeightArchitecture file, WeightArchitecture model, IEnumerable<string> fileKeys)
    {
        if (file.Layout == WeightLayout.Unknown)
        {
            return $"The file fits no known layout ({Unknown(fileKeys)}).";
        }

        string text = $"The file holds {file.Description}; the model is {model.Description}.";
        if (file.Family is null || file.Family != model.Family)
        {
            return text;
        }

        var hints = new List<string>();
        if (file.Depth != model.Depth && file.Depth is int depth)
        {
            hints.Add(FormattableString.Invariant($"Arch {file.Family!.ToLowerInvariant()}{depth}"));
        }

        if (file.WidthMultiplier is double width && model.WidthMultiplier is double modelWidth && Math.Abs(width - modelWidth) > 1e-9)
        {
            hints.Add(FormattableString.Invariant($"Width {width:0.########}"));
        }

        if (file.NumClasses is int classes && model.NumClasses is int modelClasses && classes != modelClasses)
        {
            hints.Add(FormattableString.Invariant($"NumClasses {classes}"));
        }

        if (file.BatchNorm != model.BatchNorm)
        {
            hints.Add(file.BatchNorm ? "a batch-norm VGG (VggOptions.BatchNorm = true)" : "a VGG without batch norm");
        }

        return hints.Count == 0 ? text : $"{text} To load it, build the model to match: pass {string.Join(" ", hints)} (ClassifierArchitecture; or the matching VggOptions/ResNetOptions).";
    }
}
