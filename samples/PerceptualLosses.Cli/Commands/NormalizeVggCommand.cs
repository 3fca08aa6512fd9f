using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Data;
using PerceptualLosses.Models;
using PerceptualLosses.Runtime;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual normalize-vgg</c>: rescale a VGG so every conv channel's mean ReLU activation over an image folder is 1 (Gatys et al. 2016).</summary>
internal static class NormalizeVggCommand
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "torchvision-format VGG weights (.pt/.pth/.safetensors/TorchSharp); the architecture is read from the keys.", Required = true }.MustBeFile("a VGG weights file");
        var images = new Option<string>("--images") { Description = "Folder of RGB images (searched recursively; png/jpg/jpeg/bmp/tif), each at least 16x16.", Required = true }.MustBeFolder("a folder of images");
        var robust = new Option<bool>("--robust") { Description = "--weights is a MadryLab robustness checkpoint (module.model.* keys); its features are normalised and saved without the classifier." };
        var output = new Option<string>("--out") { Description = "Output weights file; format from the extension (.pt/.pth, .safetensors, .dat).", Required = true };
        var maxImages = new Option<int>("--max-images") { Description = "Use at most this many images (sorted by name; 0 = all).", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var command = new Command("normalize-vgg", "Scale a VGG's conv weights/biases so each channel's mean activation over the images is 1 (network stays equivalent up to per-channel factors).")
        {
            weights, images, robust, output, maxImages, json, device,
        };
        command.SetAction(parse => Run(parse.GetValue(weights)!, parse.GetValue(images)!, parse.GetValue(robust), parse.GetValue(output)!, parse.GetValue(maxImages), parse.GetValue(device)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(string weightsPath, string folder, bool robust, string outPath, int limit, string device, bool json)
    {
        var files = ImageFolder.Take(folder, limit);
        var target = DeviceSelector.Parse(device);
        using var model = UserErrors.Read("Weights", weightsPath, path => robust ? ModelStore.VggFeatures(path, robustnessCheckpoint: true, target).Model : ModelStore.Vgg(path, target).Model);
        var options = model.Options;
        var report = VggNormalization.Normalize(model, ImageFolder.LoadEachRgb(files, target));
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
        Output.Write(result, json, "perceptual normalize-vgg");
        return 0;
    }
}
