using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using PerceptualLosses.Models;
using PerceptualLosses.Study.Runs;
using PerceptualLosses.Imaging;
using PerceptualLosses.Losses;
using PerceptualLosses.Runtime;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual loss</c>: the value of a loss spec between two images, total and per term.</summary>
internal static class LossCommand
{
    public static Command Create()
    {
        var spec = new Option<string>("--spec") { Description = "Loss spec: E, EP, EPT, ET, P, PT or terms like 'E + 0.2*P(pool2) + 3e-7*T(relu1_1)' (T(conv1_1) = pre-activation).", Required = true };
        var vggWeights = new Option<string?>("--vgg-weights") { Description = "VGG-19 weights (torchvision .pth/.safetensors); needed for P and T terms." }.MustBeFile("a VGG-19 weights file");
        var robust = new Option<bool>("--robust") { Description = "--vgg-weights is a MadryLab robustness checkpoint (the robust VGG-19)." };
        var reading = new Option<string>("--layers") { Description = "Layer reading of the short names: enhancenet (pool2/pool5) | literal (relu1_2/relu3_1).", DefaultValueFactory = _ => SettingNames.Layers.Name(LayerReading.EnhanceNet) };
        reading.AcceptOnlyFromAmong(SettingNames.Layers.Names.ToArray());
        var prediction = new Option<string>("--prediction") { Description = "Reconstructed image.", Required = true }.MustBeFile("an image file");
        var target = new Option<string>("--target") { Description = "Target image (same size).", Required = true }.MustBeFile("an image file");
        var grayToRgb = CommonOptions.GrayToRgb();
        var dropAlpha = CommonOptions.DropAlpha();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("loss", "Evaluate a perceptual loss between two images.") { spec, vggWeights, robust, reading, prediction, target, grayToRgb, dropAlpha, device, json };
        command.SetAction(parse =>
        {
            {
                var chosenDevice = DeviceSelector.Parse(parse.GetValue(device)!);
                // Parsed once; the loss checks its layer names once, against the network loaded.
                var lossSpec = LossSpec.Parse(parse.GetValue(spec)!, SettingNames.Layers.Parse(parse.GetValue(reading)));
                using var scope = NewDisposeScope();
                var network = LossNetworkSource.For(lossSpec, parse.GetValue(vggWeights), parse.GetValue(robust));
                using var vgg = network is null ? null : network.Load(chosenDevice).Model;
                var loss = new CompositePerceptualLoss(lossSpec, vgg);
                var (x, y) = ImageIO.LoadPair(
                    parse.GetValue(prediction)!, parse.GetValue(target)!, new ImageLoadOptions(ConvertGrayscaleToRgb: parse.GetValue(grayToRgb), DropAlpha: parse.GetValue(dropAlpha)));
                x = x.to(chosenDevice);
                y = y.to(chosenDevice);
                using var noGrad = no_grad();
                var result = loss.Compute(x, y);
                var terms = result.Terms.Select(t => new Dictionary<string, object?>
                {
                    ["name"] = t.Name,
                    ["weight"] = t.Weight,
                    ["value"] = t.Value.to_type(ScalarType.Float64).item<double>(),
                    ["weighted"] = t.Weight * t.Value.to_type(ScalarType.Float64).item<double>(),
                }).ToArray();
                Output.Write(new Dictionary<string, object?> { ["spec"] = lossSpec.ToString(), ["total"] = result.Total.to_type(ScalarType.Float64).item<double>(), ["terms"] = terms }, parse.GetValue(json), "perceptual loss");
                return 0;
            }
        });
        return command;
    }
}
