using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using PerceptualLosses.Models;
using PerceptualLosses.Runtime;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual normalize-vgg</c>: rescale a VGG so every conv channel's mean ReLU activation over an image folder is 1 (Gatys et al. 2016).</summary>
internal static class NormalizeVggCommand
{
    private static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp" };

    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "torchvision-format VGG weights (.pt/.pth/.safetensors/TorchSharp); the architecture is read from the keys.", Required = true };
        var images = new Option<string>("--images") { Description = "Folder of RGB images (.png/.jpg/.jpeg/.bmp), each at least 16x16.", Required = true };
        var output = new Option<string>("--out") { Description = "Output weights file; format from the extension (.pt/.pth, .safetensors, .dat).", Required = true };
        var maxImages = new Option<int>("--max-images") { Description = "Use at most this many images (sorted by name; 0 = all).", DefaultValueFactory = _ => 0 };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var command = new Command("normalize-vgg", "Scale a VGG's conv weights/biases so each channel's mean activation over the images is 1 (network stays equivalent up to per-channel factors).")
        {
            weights, images, output, maxImages, json, device,
        };
        command.SetAction(parse =>
        {
            string weightsPath = parse.GetValue(weights)!;
            string folder = parse.GetValue(images)!;
            string outPath = parse.GetValue(output)!;
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"--images: folder '{folder}' does not exist.");
            }

            var files = Directory.EnumerateFiles(folder)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            int limit = parse.GetValue(maxImages);
            if (limit > 0)
            {
                files = files.Take(limit).ToList();
            }

            if (files.Count == 0)
            {
                throw new ArgumentException($"--images: folder '{folder}' holds no {string.Join("/", ImageExtensions)} files.");
            }

            var target = DeviceSelector.Parse(parse.GetValue(device)!);
            VggOptions options;
            var raw = ModelWeights.Read(weightsPath);
            try
            {
                options = VggOptions.FromStateDict(raw.ToDictionary(kv => kv.Key.StartsWith("module.", StringComparison.Ordinal) ? kv.Key["module.".Length..] : kv.Key, kv => kv.Value));
            }
            finally
            {
                foreach (var t in raw.Values)
                {
                    t.Dispose();
                }
            }

            using var model = ModelFactory.Vgg(options, weightsPath, target);
            var report = VggNormalization.Normalize(model, LoadAll(files, target));
            ModelWeights.Save(model, outPath);

            var result = new Dictionary<string, object?>
            {
                ["architecture"] = $"vgg{options.Depth}",
                ["width_multiplier"] = options.WidthMultiplier,
                ["classifier"] = options.IncludeClassifier,
                ["images"] = report.Images,
                ["out"] = Path.GetFullPath(outPath),
                ["dead_channels"] = report.DeadChannels,
                ["mean_activation_min"] = report.MeanActivations.ToDictionary(kv => kv.Key, kv => (double)kv.Value.Min()),
                ["mean_activation_max"] = report.MeanActivations.ToDictionary(kv => kv.Key, kv => (double)kv.Value.Max()),
            };
            Output.Write(result, parse.GetValue(json), "perceptual normalize-vgg");
            return 0;
        });
        return command;
    }

    // One image alive at a time: each is disposed when the enumeration moves on.
    private static IEnumerable<Tensor> LoadAll(IEnumerable<string> files, Device device)
    {
        foreach (var file in files)
        {
            using var cpu = LoadImage(file);
            using var onDevice = cpu.to(device);
            yield return onDevice;
        }
    }

    private static Tensor LoadImage(string path) => PerceptualLosses.Imaging.ImageIO.Load(path, PerceptualLosses.Imaging.ImageLoadOptions.ConvertToRgb);
}
