using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Benchmarks.Gpu;

/// <summary>
/// <c>synthetic-data</c> mode: writes, under <c>--out</c>, the folder layout <c>perceptual study --preset paper</c> expects
/// (<c>coco/train2017</c>, <c>sr/{BSD100,Manga109,Set14,Set5,Urban100}</c>, <c>imagenet/val/&lt;class&gt;</c>, <c>weights/</c>)
/// filled with seeded synthetic images and seeded, randomly initialised weights of the paper's networks at full size
/// (VGG-19 with its 1000-class head, robust copies in the MadryLab robustness layout, ResNet-50, VGG-16 trunk, LPIPS
/// lin layers), plus <c>study.json</c>: a <c>--config</c> that shortens the run (two losses, one seed, <c>--steps</c>
/// training steps, a small normalisation set). The numbers such a study produces mean nothing; it checks that the
/// paper-size path runs to the end on a device and how fast. 64 MiB cannot carry full-size weights to the GPU machine,
/// hence generating them there.
/// </summary>
/// <remarks>
/// Usage: <c>PerceptualLosses.Benchmarks synthetic-data --out DIR [--smoke] [--seed N] [--steps N] [--train-images N]
/// [--classes N] [--per-class N]</c>. <c>--smoke</c>: 1/16-width networks with 10 classes, tiny images and a tiny
/// EnhanceNet, so that CPU CI runs the whole study in about a minute.
/// </remarks>
internal static class SyntheticStudyData
{
    private static readonly string[] SrSets = { "BSD100", "Manga109", "Set14", "Set5", "Urban100" };

    private static readonly string[] Valued = { "--out", "--seed", "--steps", "--train-images", "--classes", "--per-class" };
    private static readonly string[] Flags = { "--smoke" };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(string[] args)
    {
        var options = GpuArguments.Parse(args, "synthetic-data", Valued, Flags);
        if (options is null)
        {
            return 2;
        }

        try
        {
            string? outArg = options.ValueOrNull("--out") ?? throw new ArgumentException("--out DIR is required.");
            string root = Path.GetFullPath(outArg);
            bool smoke = options.Flag("--smoke");
            int seed = options.Int("--seed", 0, minimum: 0);
            int steps = options.Int("--steps", smoke ? 4 : 300);
            int trainImages = options.Int("--train-images", smoke ? 8 : 256);
            int classes = options.Int("--classes", smoke ? 2 : 10);
            int perClass = options.Int("--per-class", smoke ? 3 : 20);
            Write(root, smoke, seed, steps, trainImages, classes, perClass);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"synthetic-data: {e.Message}");
            return 2;
        }
    }

    private static void Write(string root, bool smoke, int seed, int steps, int trainImages, int classes, int perClass)
    {
        double width = smoke ? 0.0625 : 1.0;
        int numClasses = smoke ? 10 : 1000;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int counter = seed * 1_000_000;

        // Image sizes: COCO-like training images larger than the 128² crops; SR-set images multiples of the scale 4;
        // ImageNet-style images larger than Resize 256 → CenterCrop 224 (smoke: 40 → 32).
        var (trainH, trainW) = smoke ? (80, 96) : (256, 320);
        var (srH, srW) = smoke ? (88, 96) : (192, 256); // smoke: 80×88 after shave 4, above IFC's 72×72
        var (netH, netW) = smoke ? (44, 52) : (288, 320);

        string coco = Path.Combine(root, "coco", "train2017");
        Directory.CreateDirectory(coco);
        for (int i = 0; i < trainImages; i++)
        {
            SaveImage(Path.Combine(coco, $"{i:D6}.png"), counter++, trainH, trainW, tint: null);
        }

        foreach (string set in SrSets)
        {
            string folder = Path.Combine(root, "sr", set);
            Directory.CreateDirectory(folder);
            int count = set == "Set5" ? 5 : 4;
            for (int i = 0; i < count; i++)
            {
                SaveImage(Path.Combine(folder, $"img_{i + 1:D3}.png"), counter++, srH, srW, tint: null);
            }
        }

        for (int c = 0; c < classes; c++)
        {
            string folder = Path.Combine(root, "imagenet", "val", $"n{c:D8}");
            Directory.CreateDirectory(folder);
            for (int i = 0; i < perClass; i++)
            {
                SaveImage(Path.Combine(folder, $"ILSVRC_val_{(c * perClass) + i:D8}.png"), counter++, netH, netW, tint: c);
            }
        }

        Console.Error.WriteLine($"synthetic-data: {trainImages + 21 + (classes * perClass)} images in {clock.Elapsed.TotalSeconds:F1} s");
        string weights = Path.Combine(root, "weights");
        Directory.CreateDirectory(weights);
        WriteWeights(weights, seed, width, numClasses);
        Console.Error.WriteLine($"synthetic-data: weights written after {clock.Elapsed.TotalSeconds:F1} s");
        WriteConfiguration(root, weights, smoke, steps, width, numClasses);
    }

    private static void SaveImage(string path, int seed, int height, int width, int? tint)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var random = new Random(seed);

        // Smooth colour fields at two scales, fine grain, then flat boxes with hard edges: image-like statistics
        // (edges, texture, flat regions) so that losses, metrics and classifiers see non-trivial content.
        var coarse = nn.functional.interpolate(rand(1, 3, (height / 32) + 2, (width / 32) + 2), new long[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false);
        var middle = nn.functional.interpolate(rand(1, 3, (height / 8) + 1, (width / 8) + 1), new long[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false);
        var image = (0.6 * coarse) + (0.3 * middle) + (0.1 * rand(1, 1, height, width));
        for (int k = 0; k < 6; k++)
        {
            int h = random.Next(height / 8, height / 2);
            int w = random.Next(width / 8, width / 2);
            int y = random.Next(0, height - h);
            int x = random.Next(0, width - w);
            var colour = rand(1, 3, 1, 1);
            image.narrow(2, y, h).narrow(3, x, w).copy_(colour.expand(1, 3, h, w));
        }

        if (tint is int c)
        {
            // A class-dependent colour cast so that the classes differ.
            var cast = tensor(new float[] { (c % 3) / 3f, ((c / 3) % 3) / 3f, ((c / 9) % 3) / 3f }).reshape(1, 3, 1, 1);
            image = (0.75 * image) + (0.25 * cast);
        }

        ImageIO.Save(image.clamp(0, 1)[0], path);
    }

    private static void WriteWeights(string folder, int seed, double width, int numClasses)
    {
        manual_seed(seed + 17);
        Save(ArchitectureRegistry.Create("vgg19", 3, 224, numClasses, width), Path.Combine(folder, "vgg19.pth"), robust: false);
        Save(ArchitectureRegistry.Create("vgg19", 3, 224, numClasses, width), Path.Combine(folder, "vgg19_robust.pt"), robust: true);
        string resnet = Judge(width);
        Save(ArchitectureRegistry.Create(resnet, 3, 224, numClasses, width), Path.Combine(folder, "resnet50.pth"), robust: false);
        Save(ArchitectureRegistry.Create(resnet, 3, 224, numClasses, width), Path.Combine(folder, "resnet50_robust.pt"), robust: true);
        // LPIPS owns (and disposes) its trunk, the VGG-16 written as vgg16.pth.
        var vgg16 = new Vgg(new VggOptions(Depth: 16, WidthMultiplier: width, IncludeClassifier: false, NormalizeInput: false));
        using (var lpips = new Lpips(vgg16, LpipsOptions.Vgg16ZeroToOne))
        {
            SaveState(vgg16, Path.Combine(folder, "vgg16.pth"), robust: false);
            foreach (string name in new[] { "lpips_vgg_v0.1.pth", "rlpips_vgg.pth" })
            {
                using var scope = NewDisposeScope();
                var lin = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                for (int k = 0; k < lpips.LinLayers.Count; k++)
                {
                    // Non-negative like trained LPIPS lin weights (the official ones are clamped at zero).
                    lin[$"lin{k}.model.1.weight"] = rand_like(lpips.LinLayers[k].Weight) * 0.1;
                }

                ModelWeights.SaveStateDict(lin, Path.Combine(folder, name));
            }
        }
    }

    /// <summary>The judges' architecture: ResNet-50 at full size; in the CPU smoke run ResNet-18, whose PGD-50 is far cheaper.</summary>
    private static string Judge(double width) => width < 1 ? "resnet18" : "resnet50";

    private static void Save(nn.Module model, string path, bool robust)
    {
        using (model)
        {
            SaveState(model, path, robust);
        }
    }

    private static void SaveState(nn.Module model, string path, bool robust)
    {
        using var scope = NewDisposeScope();
        var state = model.state_dict();
        if (!robust)
        {
            ModelWeights.SaveStateDict(state, path);
            return;
        }

        // MadryLab robustness layout: module.model.* plus the normalizer's ImageNet statistics as [3,1,1] buffers.
        var wrapped = state.ToDictionary(kv => "module.model." + kv.Key, kv => kv.Value, StringComparer.Ordinal);
        wrapped["module.normalizer.new_mean"] = tensor(ImageNetStatistics.Mean.ToArray()).reshape(3, 1, 1);
        wrapped["module.normalizer.new_std"] = tensor(ImageNetStatistics.Std.ToArray()).reshape(3, 1, 1);
        ModelWeights.SaveStateDict(wrapped, path);
    }

    private static void WriteConfiguration(string root, string weights, bool smoke, int steps, double width, int numClasses)
    {
        object Model(string name, string architecture, bool robust, string file, bool judge) => new Dictionary<string, object>
        {
            ["Name"] = name,
            ["Architecture"] = architecture,
            ["Width"] = width,
            ["NumClasses"] = numClasses,
            ["Robust"] = robust,
            ["Weights"] = Path.Combine(weights, file),
            ["Judge"] = judge,
        };

        var classifiers = new Dictionary<string, object>
        {
            ["Limit"] = 0,
            ["Models"] = new[]
            {
                Model("VGG-19", "vgg19", false, "vgg19.pth", false),
                Model("VGG-19", "vgg19", true, "vgg19_robust.pt", false),
                Model("ResNet-50", Judge(width), false, "resnet50.pth", true),
                Model("ResNet-50", Judge(width), true, "resnet50_robust.pt", true),
            },
        };
        var configuration = new Dictionary<string, object>
        {
            ["Losses"] = new[] { "E", "EPT" },
            ["Steps"] = steps,
            ["ValidateEvery"] = steps,
            ["CheckpointEvery"] = steps,
            ["Seeds"] = new[] { 0 },
            ["Normalization"] = new Dictionary<string, object> { ["MaxImages"] = smoke ? 4 : 64 },
            ["Classifiers"] = classifiers,
        };
        if (smoke)
        {
            configuration["Model"] = "tiny";
            configuration["Patch"] = 64; // the T terms need conv3_1 maps of at least one 16×16 patch
            configuration["Batch"] = 2;
            classifiers["Resize"] = 40;
            classifiers["Crop"] = 32;
            classifiers["BatchSize"] = 6;
        }

        string path = Path.Combine(root, "study.json");
        File.WriteAllText(path, JsonSerializer.Serialize(configuration, Indented));
        Console.Error.WriteLine($"synthetic-data: wrote {path} ({steps} steps, {(smoke ? "smoke sizes" : "paper sizes")}, width {width.ToString(CultureInfo.InvariantCulture)})");
    }
}
