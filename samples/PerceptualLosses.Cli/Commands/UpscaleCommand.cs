using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using PerceptualLosses.Models;
using PerceptualLosses.Imaging;
using PerceptualLosses.Runtime;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual upscale</c>: runs a trained EnhanceNet on a file or a folder.</summary>
internal static class UpscaleCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "enhancenet.pth written by train-sr (with enhancenet.json next to it).", Required = true }.MustBeFile("enhancenet.pth written by train-sr");
        var input = new Option<string>("--input") { Description = "LR image file or folder.", Required = true }.MustExist("an image file or a folder of images");
        var output = CommonOptions.Out("Output file, or folder for folder input (PNG).");
        var grayToRgb = CommonOptions.GrayToRgb();
        var dropAlpha = CommonOptions.DropAlpha();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("upscale", "Upscale images with a trained EnhanceNet.") { model, input, output, grayToRgb, dropAlpha, device, json };
        command.SetAction(parse =>
        {
            {
                var chosen = DeviceSelector.Parse(parse.GetValue(device)!);
                using var generator = InputFiles.Load("--model", parse.GetValue(model)!, path => ModelStore.EnhanceNet(path, chosen).Model);
                // Only the conversions asked for: a grey or RGBA input is otherwise an error naming the option to give.
                var load = new ImageLoadOptions(ConvertGrayscaleToRgb: parse.GetValue(grayToRgb), DropAlpha: parse.GetValue(dropAlpha));
                var written = new List<string>();
                using var noGrad = no_grad();
                foreach (var (source, destination) in PerceptualLosses.Data.ImageFolder.Destinations(parse.GetValue(input)!, parse.GetValue(output)!))
                {
                    using var scope = NewDisposeScope();
                    var lr = ImageIO.Load(source, load).unsqueeze(0).to(chosen);
                    // The network's output is unbounded; an image file holds [0,1] (EnhanceNet-Code also clips when saving).
                    var sr = generator.call(lr)[0].clamp(0, 1);
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
                    ImageIO.Save(sr, destination);
                    written.Add(destination);
                }

                Output.Write(new Dictionary<string, object?> { ["model"] = parse.GetValue(model), ["images"] = written.Count, ["outputs"] = written }, parse.GetValue(json), "perceptual upscale");
                return 0;
            }
        });
        return command;
    }
}
