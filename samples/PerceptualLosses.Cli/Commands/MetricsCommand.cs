using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using PerceptualLosses.Data;
using PerceptualLosses.Metrics;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// <c>perceptual metrics</c>: PSNR, SSIM, UQI, GMSD and IFC of one image pair, or of two folders paired by file name.
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var reference = new Option<string>("--reference") { Description = "Reference image, or folder of reference images.", Required = true }.MustExist("an image file or a folder of images");
        var distorted = new Option<string>("--distorted") { Description = "Distorted image, or folder paired with --reference by file name.", Required = true }.MustExist("an image file or a folder of images");
        var color = new Option<string>("--color") { Description = "rgb | y (BT.601 luma of MATLAB rgb2ycbcr) | gray (grey images).", DefaultValueFactory = _ => "rgb" };
        var shave = new Option<int>("--shave") { Description = "Border pixels removed on every side (SR convention: the scale).", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var dataRange = new Option<int>("--data-range") { Description = "1 or 255: the value range the metrics are told (images are read as [0,1] and scaled).", DefaultValueFactory = _ => 1 };
        dataRange.AcceptOnlyFromAmong("1", "255");
        var protocol = new Option<string>("--protocol") { Description = "float (score the values as read) | uint8 (round to 8 bits first, as MATLAB im2uint8 / BasicSR tensor2img).", DefaultValueFactory = _ => "float" };
        protocol.AcceptOnlyFromAmong(MetricSettingNames.Protocol.Names.ToArray());
        var luma = new Option<string>("--luma") { Description = "Y under --protocol uint8: matlab (rgb2ycbcr on uint8, rounded) | basicsr (unrounded).", DefaultValueFactory = _ => "matlab" };
        luma.AcceptOnlyFromAmong(MetricSettingNames.Luma.Names.ToArray());
        var precision = new Option<string>("--precision") { Description = "fast (float32 SSIM/UQI/GMSD, within 1e-5 of float64; default) | exact (float64 everywhere, as MATLAB).", DefaultValueFactory = _ => "fast" };
        precision.AcceptOnlyFromAmong(MetricSettingNames.Precision.Names.ToArray());
        var csv = new Option<string?>("--csv") { Description = "Folder mode: write one CSV row per image and the mean to this file." };
        var lpipsWeights = new Option<string?>("--lpips-weights") { Description = "LPIPS v0.1 lin weights of the --lpips-net trunk (the official lpips/weights/v0.1/vgg.pth, alex.pth or squeeze.pth): adds key lpips." }.MustBeFile("LPIPS lin weights (.pth)");
        var lpipsNet = new Option<string?>("--lpips-net") { Description = "LPIPS trunk: vgg (default; the paper's), alex (the lpips package's default) or squeeze." };
        var lpipsTrunk = new Option<string?>("--lpips-trunk-weights") { Description = "torchvision weights of the --lpips-net trunk: alexnet-owt-7be5be79.pth, vgg16-397923af.pth or squeezenet1_1-b8a52dc0.pth (for vgg, --vgg16-weights serves too)." }.MustBeFile("torchvision weights of the LPIPS trunk");
        var vgg16Weights = new Option<string?>("--vgg16-weights") { Description = "torchvision VGG-16 weights, the trunk of R-LPIPS and of LPIPS with --lpips-net vgg." }.MustBeFile("torchvision VGG-16 weights");
        var rlpipsWeights = new Option<string?>("--rlpips-weights") { Description = "R-LPIPS lin weights (trained by the LPIPS trainer with the robust option): adds key rlpips." }.MustBeFile("R-LPIPS lin weights (.pth)");
        var only = new Option<string?>("--metrics") { Description = "Comma-separated metrics to score: psnr, ssim, uqi, gmsd, ifc, lpips, rlpips (default: the five full-reference ones, plus lpips/rlpips when their weights are given). Size minimums are those of the listed metrics (ifc needs 72x72 after shave)." };
        var dropAlpha = new Option<bool>("--drop-alpha") { Description = "Score images with an alpha channel on their colour values (without it such a file is an error)." };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var command = new Command("metrics", "Full-reference image quality: psnr, ssim, uqi, gmsd, ifc.")
        {
            reference, distorted, color, shave, dataRange, csv, json, device, lpipsWeights, lpipsNet, lpipsTrunk, vgg16Weights, rlpipsWeights, protocol, luma, only, precision, dropAlpha,
        };
        command.SetAction(parse => Run(parse, reference, distorted, color, shave, dataRange, csv, json, device, (lpipsWeights, lpipsNet, lpipsTrunk, vgg16Weights, rlpipsWeights), (protocol, luma, only, precision, dropAlpha)));
        return command;
    }

    private static int Run(
        ParseResult parse, Option<string> reference, Option<string> distorted, Option<string> color, Option<int> shave,
        Option<int> dataRange, Option<string?> csv, Option<bool> json, Option<string> device,
        (Option<string?> Lpips, Option<string?> Net, Option<string?> Trunk, Option<string?> Vgg16, Option<string?> RobustLpips) learned,
        (Option<string> Protocol, Option<string> Luma, Option<string?> Metrics, Option<string> Precision, Option<bool> DropAlpha) scoring)
    {
        var options = new MetricOptions
        {
            Color = MetricSettingNames.Color.Parse(parse.GetValue(color)),
            Shave = parse.GetValue(shave),
            DataRange = parse.GetValue(dataRange),
            Protocol = MetricSettingNames.Protocol.Parse(parse.GetValue(scoring.Protocol)),
            Luma = MetricSettingNames.Luma.Parse(parse.GetValue(scoring.Luma)),
            Precision = MetricSettingNames.Precision.Parse(parse.GetValue(scoring.Precision)),
        };
        var selection = new MetricSelection
        {
            Metrics = parse.GetValue(scoring.Metrics) is string list ? MetricSelection.ParseNames(list) : null,
            LpipsNet = parse.GetValue(learned.Net) is string net ? MetricSettingNames.LpipsNet.Parse(net) : null,
            LpipsWeights = parse.GetValue(learned.Lpips),
            LpipsTrunkWeights = parse.GetValue(learned.Trunk),
            Vgg16Weights = parse.GetValue(learned.Vgg16),
            RobustLpipsWeights = parse.GetValue(learned.RobustLpips),
        };
        string refPath = parse.GetValue(reference)!;
        string distPath = parse.GetValue(distorted)!;
        bool folders = Directory.Exists(refPath) || Directory.Exists(distPath);
        if (!folders && parse.GetValue(csv) is string rows)
        {
            // Not silently ignored: a CSV has one row per pair of folder mode.
            throw new UserInputException($"--csv '{rows}' is for folder mode (one row per pair); --reference and --distorted are files here: drop --csv, or give two folders.");
        }

        TorchRuntime.EnsureLoaded();
        var target = DeviceSelector.Parse(parse.GetValue(device)!);
        bool dropAlpha = parse.GetValue(scoring.DropAlpha);
        // Checks options and selection (names, files, combinations) before any weight or image file is read.
        using var suite = selection.CreateSuite(options, target);
        var result = new Dictionary<string, object?> { ["reference"] = refPath, ["distorted"] = distPath };
        IReadOnlyList<double> values;
        if (folders)
        {
            var pairs = ImageFolder.Pairs(refPath, distPath);
            FolderScores? scores = null;
            SpectreProgress.Instance.Run("metrics", pairs.Count, report => scores = suite.ScorePairs(pairs, target, dropAlpha, (done, file) => report(done, file)));
            if (parse.GetValue(csv) is string csvPath)
            {
                File.WriteAllText(csvPath, scores!.ToCsv());
            }

            result["pairs"] = scores!.Pairs.Count;
            result["csv"] = parse.GetValue(csv);
            values = scores.Means;
        }
        else
        {
            values = suite.ScorePair(distPath, refPath, target, dropAlpha).Values;
        }

        result["color"] = MetricSettingNames.Color.Name(options.Color);
        result["shave"] = options.Shave;
        result["data_range"] = options.DataRange;
        result["protocol"] = MetricSettingNames.Protocol.Name(options.Protocol);
        result["luma"] = MetricSettingNames.Luma.Name(options.Luma);
        result["precision"] = MetricSettingNames.Precision.Name(options.Precision);
        foreach (var (metric, value) in suite.Metrics.Zip(values))
        {
            // +∞ (PSNR of identical images) is not a JSON number: it is written as the string "Infinity".
            result[metric.Name] = double.IsFinite(value) ? value : value.ToString(CultureInfo.InvariantCulture);
        }

        Output.Write(result, parse.GetValue(json), folders ? "perceptual metrics (mean over pairs)" : "perceptual metrics");
        return 0;
    }
}
