using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using PerceptualLosses.Imaging;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual resize</c>: MATLAB-compatible (or PyTorch-style) resizing of a file or a folder.</summary>
internal static class ResizeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Image file or folder.", Required = true }.MustExist("an image file or a folder of images");
        var output = CommonOptions.Out("Output file, or folder for folder input (PNG).");
        var scale = new Option<double>("--scale") { Description = "Scale factor, e.g. 0.25 or 4.", Required = true }.Positive();
        var method = new Option<string>("--method") { Description = string.Join(" | ", ImageResize.Algorithms.Names), DefaultValueFactory = _ => ImageResize.Algorithms.Name(ResizeAlgorithm.MatlabBicubic) };
        method.AcceptOnlyFromAmong(ImageResize.Algorithms.Names.ToArray());
        var dropAlpha = CommonOptions.DropAlpha();
        var json = CommonOptions.Json();
        var command = new Command("resize", "Resize images (a grey image stays grey); matlab-bicubic equals MATLAB imresize(img, scale, 'bicubic').") { input, output, scale, method, dropAlpha, json };
        command.SetAction(parse =>
        {
            {
                var pairs = PerceptualLosses.Data.ImageFolder.Destinations(parse.GetValue(input)!, parse.GetValue(output)!);
                double factor = parse.GetValue(scale);
                var algorithm = ImageResize.Algorithms.Parse(parse.GetValue(method));
                var written = new List<string>();
                foreach (var (source, destination) in pairs)
                {
                    ImageResize.ResizeFile(source, destination, factor, algorithm, parse.GetValue(dropAlpha));
                    written.Add(destination);
                }

                Output.Write(new Dictionary<string, object?> { ["method"] = ImageResize.Algorithms.Name(algorithm), ["scale"] = factor, ["images"] = written.Count, ["outputs"] = written }, parse.GetValue(json), "perceptual resize");
                return 0;
            }
        });
        return command;
    }
}
