using System;
using System.Collections.Generic;
using System.IO;
using PerceptualLosses.Losses;
using PerceptualLosses.Models;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>The study's named configurations: the embedded CPU demo and the paper's full-scale run.</summary>
public static class StudyPresets
{
    /// <summary>Names accepted by <see cref="Named"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "demo", "paper" };

    /// <summary>The paper's six loss configurations (each P/T one with a normal and a robust VGG-19).</summary>
    public static IReadOnlyList<string> PaperLosses { get; } = new[] { "E", "EP", "EPT", "ET", "P", "PT" };

    /// <summary>The paper's five SR benchmark sets, in its order.</summary>
    public static IReadOnlyList<string> PaperDatasets { get; } = new[] { "BSD100", "Manga109", "Set14", "Set5", "Urban100" };

    /// <summary>Targeted PGD-50 of the paper's Table 1: L2 ε = 3.88, α = 0.155 on 224×224×3 images in [0,1].</summary>
    public const double PaperEpsilon = 3.88;

    /// <summary>Step size of the paper's PGD-50.</summary>
    public const double PaperStepSize = 0.155;

    /// <summary>
    /// The demo's ε: the paper's 3.88 scaled by √(32·32·3 / 224·224·3) = 1/7 for 32×32 images, so that the per-pixel
    /// perturbation is the paper's (samples/data/weights/README.md).
    /// </summary>
    public const double DemoEpsilon = 0.55;

    /// <summary>
    /// The embedded demo (CPU, ≈ 4 min on 2 cores): tiny EnhanceNets (8 channels, 2 blocks) trained for 300 Adam steps at 1e-3
    /// on 64×64 crops of the seven embedded training images, judged on the three embedded test images; Table 1 and
    /// Figure 1 with the committed 1/16-width Fashion-MNIST VGG-19s and ResNet-50s on 200 test images.
    /// </summary>
    /// <param name="dataRoot">The repository's <c>samples/data</c> folder.</param>
    public static StudyConfiguration Demo(string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(dataRoot);
        string weights = Path.Combine(dataRoot, "weights");
        string W(string name) => Path.Combine(weights, name);
        const int Steps = 300;
        var classifiers = new StudyClassifiers(
            Path.Combine(dataRoot, "fashion-mnist"), "idx", Limit: 0, Resize: 0, Crop: 32,
            new[]
            {
                new StudyClassifier("VGG-19 (1/16)", "vgg19", 0.0625, 10, false, W("vgg19_w16.dat"), Judge: false),
                new StudyClassifier("VGG-19 (1/16)", "vgg19", 0.0625, 10, true, W("vgg19_w16_robust.dat"), Judge: false),
                new StudyClassifier("ResNet-50 (1/16)", "resnet50", 0.0625, 10, false, W("resnet50_w16.dat"), Judge: true),
                new StudyClassifier("ResNet-50 (1/16)", "resnet50", 0.0625, 10, true, W("resnet50_w16_robust.dat"), Judge: true),
            },
            DemoEpsilon, DemoEpsilon * PaperStepSize / PaperEpsilon, BatchSize: 50);
        string test = Path.Combine(dataRoot, "images", "test");
        return new StudyConfiguration(
            "demo", Path.Combine(dataRoot, "images", "train"), test, new[] { new StudyDataset("embedded", test) }, PaperLosses,
            W("vgg19_w16.dat"), W("vgg19_w16_robust.dat"), RobustVggIsRobustnessCheckpoint: false, LayerReading.EnhanceNet, EnhanceNetSize.Tiny,
            Steps, Patch: 64, Batch: 4, LearningRate: 1e-3, ValidateEvery: Steps, CheckpointEvery: Steps / 4, Seeds: new[] { 0 }, Scale: 4,
            Lpips: null, classifiers);
    }

    /// <summary>
    /// The paper's run (GPU): EnhanceNet ×4 (64 channels, 10 blocks) on 128×128 MS-COCO crops, Adam 1e-4, batch 16, three
    /// seeds; Table 2 on the five SR sets with LPIPS and R-LPIPS; Table 1 and Figure 1 on ImageNet validation images
    /// (Resize 256, CenterCrop 224) with targeted PGD-50 (ε = 3.88, α = 0.155). Both VGG-19 loss networks are first
    /// Gatys-normalised over 1 000 MS-COCO training images (the image set corleypc/vgg-normalize used; Gatys' own is not
    /// published). The paper does not give the number of
    /// training steps: 100 000 is a placeholder to set with <c>--steps</c>. Every path is a placeholder under
    /// <paramref name="dataRoot"/> (default layout below) that the command line or a JSON config overrides.
    /// </summary>
    /// <param name="dataRoot">Folder with <c>coco/train2017</c>, <c>coco/val2017</c>, <c>sr/{Set5,…}</c>, <c>imagenet/val</c> and <c>weights/</c>.</param>
    public static StudyConfiguration Paper(string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(dataRoot);
        string W(string name) => Path.Combine(dataRoot, "weights", name);
        var classifiers = new StudyClassifiers(
            Path.Combine(dataRoot, "imagenet", "val"), "folder", Limit: 0, Resize: 256, Crop: 224,
            new[]
            {
                new StudyClassifier("VGG-19", "vgg19", 1, 1000, false, W("vgg19.pth"), Judge: false),
                new StudyClassifier("VGG-19", "vgg19", 1, 1000, true, W("vgg19_robust.pt"), Judge: false),
                new StudyClassifier("ResNet-50", "resnet50", 1, 1000, false, W("resnet50.pth"), Judge: true),
                new StudyClassifier("ResNet-50", "resnet50", 1, 1000, true, W("resnet50_robust.pt"), Judge: true),
            },
            PaperEpsilon, PaperStepSize, BatchSize: 50);
        var datasets = new List<StudyDataset>();
        foreach (string name in PaperDatasets)
        {
            datasets.Add(new StudyDataset(name, Path.Combine(dataRoot, "sr", name)));
        }

        return new StudyConfiguration(
            "paper", Path.Combine(dataRoot, "coco", "train2017"), Path.Combine(dataRoot, "sr", "Set5"), datasets, PaperLosses,
            W("vgg19.pth"), W("vgg19_robust.pt"), RobustVggIsRobustnessCheckpoint: true, LayerReading.EnhanceNet, EnhanceNetSize.Paper,
            Steps: 100_000, Patch: 128, Batch: 16, LearningRate: 1e-4, ValidateEvery: 5_000, CheckpointEvery: 5_000, Seeds: new[] { 0, 1, 2 }, Scale: 4,
            new StudyLpips(W("vgg16.pth"), W("lpips_vgg_v0.1.pth"), W("rlpips_vgg.pth")), classifiers,
            new StudyNormalization(Path.Combine(dataRoot, "coco", "train2017"), MaxImages: 1000));
    }

    /// <summary>The preset called <paramref name="name"/> with its data under <paramref name="dataRoot"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static StudyConfiguration Named(string name, string dataRoot) => name switch
    {
        "demo" => Demo(dataRoot),
        "paper" => Paper(dataRoot),
        _ => throw new ArgumentException($"preset must be one of {string.Join(", ", Names)}; got '{name}'.", nameof(name)),
    };
}
