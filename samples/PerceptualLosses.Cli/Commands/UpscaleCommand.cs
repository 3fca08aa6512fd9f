using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using PerceptualLosses.Imaging;
using PerceptualLosses.Runtime;
using PerceptualLosses.Study.Runs;
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
                using var generator = UserErrors.Read("Model", parse.GetValue(model)!, path => ModelStore.EnhanceNet(path, chosen).Model);
                // Only the conversions asked for: a grey or RGBA input is otherwise an error naming the option to give.
                var load = new ImageLoadOptions(ConvertGrayscaleToRgb: parse.GetValue(grayToRgb), DropAlpha: parse.GetValue(dropAlpha));
                var written = new List<string>();
                foreach (var (source, destination) in PerceptualLosses.Data.ImageFolder.Destinations(parse.GetValue(input)!, parse.GetValue(output)!))
                {
                    SuperResolutionRunner.Upscale(generator, source, destination, load);
                    written.Add(destination);
                }

                Output.Write(new Dictionary<string, object?> { ["model"] = parse.GetValue(model), ["images"] = written.Count, ["outputs"] = written }, parse.GetValue(json), "perceptual upscale");
                return 0;
            }
        });
        return command;
    }
}
