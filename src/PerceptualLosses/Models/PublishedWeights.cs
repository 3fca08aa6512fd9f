using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using PerceptualLosses.Common;

namespace PerceptualLosses.Models;

/// <summary>
/// Published weight files the study uses, and torch.hub's naming rule: <c>name-&lt;hex&gt;.pth</c> where the hex digits
/// are the start of the file's SHA-256 (torch/hub.py, <c>check_hash</c>), so a download can be checked by its name.
/// </summary>
public static class PublishedWeights
{
    private static readonly Regex HashInName = new(@"^(?<stem>.+)-(?<hash>[0-9a-f]{6,})\.(pth|pt)$", RegexOptions.CultureInvariant);

    /// <summary>torchvision ImageNet files by name: what each is.</summary>
    public static IReadOnlyDictionary<string, string> Torchvision { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vgg19-dcbb9e9d.pth"] = "torchvision VGG-19 ImageNet (the P/T loss network)",
        ["vgg16-397923af.pth"] = "torchvision VGG-16 ImageNet (the LPIPS/R-LPIPS trunk)",
        ["resnet50-19c8e357.pth"] = "torchvision ResNet-50 ImageNet (the non-robust judge; torchvision < 0.13 URL)",
        ["resnet50-0676ba61.pth"] = "torchvision ResNet-50 ImageNet IMAGENET1K_V1 (the non-robust judge; torchvision ≥ 0.13 URL)",
        ["alexnet-owt-7be5be79.pth"] = "torchvision AlexNet ImageNet (the LPIPS alex trunk)",
        ["squeezenet1_1-b8a52dc0.pth"] = "torchvision SqueezeNet 1.1 ImageNet (the LPIPS squeeze trunk)",
    };

    /// <summary>The hash digits in a torch.hub-style file name, or null when the name carries none.</summary>
    /// <param name="path">File path or name.</param>
    public static string? HashPrefixInName(string path)
    {
        var match = HashInName.Match(Path.GetFileName(path ?? ""));
        return match.Success ? match.Groups["hash"].Value : null;
    }

    /// <summary>Checks a file's SHA-256 against the digits in its name: (what the file is, a warning on mismatch).</summary>
    /// <param name="path">File path.</param>
    /// <param name="sha256">The file's SHA-256, lower-case hex.</param>
    public static (string? Known, string? Warning) Check(string path, string sha256)
    {
        Guard.NotNull(sha256);
        string name = Path.GetFileName(path);
        string? prefix = HashPrefixInName(name);
        if (prefix is null)
        {
            return (null, null);
        }

        Torchvision.TryGetValue(name, out var what);
        if (!sha256.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (null, $"the name says SHA-256 {prefix}…, the file's is {sha256[..Math.Min(16, sha256.Length)]}… (a corrupt or incomplete download, or a renamed file){(what is null ? "" : $"; not the published {name}")}");
        }

        return (what is null ? $"hash digits in the name ({prefix}) match" : $"{what}; hash digits in the name match", null);
    }
}
