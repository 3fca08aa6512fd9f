using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// Classifier architectures by name for <c>perceptual train-classifier</c> (BasicSR-style registry). Every model maps
/// images [B,C,H,W] in [0,1] to logits [B,numClasses] and carries its own normalization.
/// </summary>
/// <remarks>
/// <c>vgg11/13/16/19</c> and <c>resnet18/34/50/101</c> are the torchvision architectures (ImageNet normalisation inside, RGB
/// input of at least 32×32); <c>width</c> scales their channels for CPU-scale models with the same state_dict keys.
/// </remarks>
public static class ArchitectureRegistry
{
    /// <summary>Name of the small CPU test network.</summary>
    public const string SmallCnn = "small-cnn";

    private static readonly Dictionary<string, Func<int, int, int, double, nn.Module<Tensor, Tensor>>> Builders = new(StringComparer.Ordinal)
    {
        [SmallCnn] = (channels, size, classes, _) => new SmallConvNet(channels, size, classes),
        ["vgg11"] = (channels, size, classes, width) => Vgg(11, channels, size, classes, width),
        ["vgg13"] = (channels, size, classes, width) => Vgg(13, channels, size, classes, width),
        ["vgg16"] = (channels, size, classes, width) => Vgg(16, channels, size, classes, width),
        ["vgg19"] = (channels, size, classes, width) => Vgg(19, channels, size, classes, width),
        ["resnet18"] = (channels, size, classes, width) => ResNet(18, channels, size, classes, width),
        ["resnet34"] = (channels, size, classes, width) => ResNet(34, channels, size, classes, width),
        ["resnet50"] = (channels, size, classes, width) => ResNet(50, channels, size, classes, width),
        ["resnet101"] = (channels, size, classes, width) => ResNet(101, channels, size, classes, width),
    };

    /// <summary>Smallest image side the torchvision architectures accept (five stride-2 stages).</summary>
    public const int MinimumImageNetStyleSize = 32;

    /// <summary>Whether <paramref name="name"/> needs RGB input of at least <see cref="MinimumImageNetStyleSize"/> pixels.</summary>
    public static bool NeedsRgb(string name) => !string.Equals(name, SmallCnn, StringComparison.Ordinal);

    /// <summary>Registered names.</summary>
    public static IReadOnlyCollection<string> Names => Builders.Keys.ToArray();

    /// <summary>Throws unless <paramref name="arch"/> is one of <see cref="Names"/>; the parameter named is the setting, <c>Arch</c>.</summary>
    internal static void CheckName(string? arch, string setting = "Arch")
    {
        if (arch is null || !Builders.ContainsKey(arch))
        {
            throw new ArgumentException($"{setting} must be one of {string.Join(", ", Names)}; got '{arch}'.", setting);
        }
    }

    /// <summary>Builds <paramref name="name"/> for images of <paramref name="channels"/>×<paramref name="imageSize"/>² and <paramref name="numClasses"/> classes.</summary>
    /// <param name="name">A registered name.</param>
    /// <param name="channels">Image channels.</param>
    /// <param name="imageSize">Image side.</param>
    /// <param name="numClasses">Classes.</param>
    /// <param name="width">Channel multiplier of the VGG/ResNet builders (1 = torchvision).</param>
    public static nn.Module<Tensor, Tensor> Create(string name, int channels, int imageSize, int numClasses, double width = 1.0)
    {
        Guard.NotNull(name);
        Guard.OneOf(name, Names);
        Guard.AtLeast(channels, 1);
        Guard.AtLeast(imageSize, 4);
        Guard.AtLeast(numClasses, 2);
        Guard.Positive(width);
        return Builders[name](channels, imageSize, numClasses, width);
    }

    private static void RequireRgb(int channels, int size, string architecture)
    {
        if (channels != 3 || size < MinimumImageNetStyleSize)
        {
            throw new ArgumentException($"{architecture} needs RGB images of at least {MinimumImageNetStyleSize}x{MinimumImageNetStyleSize}; got {channels} channel(s) of {size}x{size}. Convert the data first (train-classifier does this for IDX data).", nameof(channels));
        }
    }

    private static nn.Module<Tensor, Tensor> Vgg(int depth, int channels, int size, int classes, double width)
    {
        RequireRgb(channels, size, $"vgg{depth}");
        return new PerceptualLosses.Models.Vgg(new PerceptualLosses.Models.VggOptions(Depth: depth, NumClasses: classes, WidthMultiplier: width));
    }

    private static nn.Module<Tensor, Tensor> ResNet(int depth, int channels, int size, int classes, double width)
    {
        RequireRgb(channels, size, $"resnet{depth}");
        return new PerceptualLosses.Models.ResNet(new PerceptualLosses.Models.ResNetOptions(depth, classes, Math.Max(1, (int)Math.Round(64 * width))));
    }

    /// <summary>
    /// conv3×3(C→16)–ReLU–maxpool2–conv3×3(16→32)–ReLU–maxpool2–linear(32·(S/4)²→64)–ReLU–linear(64→K), PyTorch default init;
    /// inputs are centred with a fixed <c>(x − 0.5)/0.5</c> (a buffer-free constant) so that ε stays in [0,1] pixel space.
    /// </summary>
    private sealed class SmallConvNet : nn.Module<Tensor, Tensor>
    {
        private const double Center = 0.5;

        private readonly Conv2d conv1;
        private readonly Conv2d conv2;
        private readonly Linear fc1;
        private readonly Linear fc2;

        public SmallConvNet(int channels, int size, int numClasses)
            : base(nameof(SmallConvNet))
        {
            conv1 = nn.Conv2d(channels, 16, 3, padding: 1);
            conv2 = nn.Conv2d(16, 32, 3, padding: 1);
            int reduced = size / 4;
            fc1 = nn.Linear(32 * reduced * reduced, 64);
            fc2 = nn.Linear(64, numClasses);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var h = (input - Center) / Center;
            h = nn.functional.max_pool2d(nn.functional.relu(conv1.call(h)), 2);
            h = nn.functional.max_pool2d(nn.functional.relu(conv2.call(h)), 2);
            h = nn.functional.relu(fc1.call(h.flatten(1)));
            return fc2.call(h).MoveToOuterDisposeScope();
        }
    }
}
