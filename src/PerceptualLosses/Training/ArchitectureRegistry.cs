using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerceptualLosses.Training;

/// <summary>
/// Classifier architectures by name for <c>perceptual train-classifier</c> (BasicSR-style registry). Every model maps
/// images [B,C,H,W] in [0,1] to logits [B,numClasses] and carries its own normalization.
/// </summary>
/// <remarks>For now only <c>small-cnn</c>; the VGG-19 / ResNet-50 builders of PerceptualLosses.Models register here after merging.</remarks>
public static class ArchitectureRegistry
{
    /// <summary>Name of the small CPU test network.</summary>
    public const string SmallCnn = "small-cnn";

    private static readonly Dictionary<string, Func<int, int, int, nn.Module<Tensor, Tensor>>> Builders = new(StringComparer.Ordinal)
    {
        [SmallCnn] = (channels, size, classes) => new SmallConvNet(channels, size, classes),
    };

    /// <summary>Registered names.</summary>
    public static IReadOnlyCollection<string> Names => Builders.Keys.ToArray();

    /// <summary>Builds <paramref name="name"/> for images of <paramref name="channels"/>×<paramref name="imageSize"/>² and <paramref name="numClasses"/> classes.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, int channels, int imageSize, int numClasses)
    {
        Guard.NotNull(name, nameof(name));
        Guard.OneOf(name, Names, nameof(name));
        Guard.AtLeast(channels, 1, nameof(channels));
        Guard.AtLeast(imageSize, 4, nameof(imageSize));
        Guard.AtLeast(numClasses, 2, nameof(numClasses));
        return Builders[name](channels, imageSize, numClasses);
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
