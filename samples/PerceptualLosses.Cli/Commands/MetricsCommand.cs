using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PerceptualLosses.Metrics;
using PerceptualLosses.Runtime;
using Spectre.Console;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// <c>perceptual metrics</c>: PSNR, SSIM, UQI, GMSD and IFC of one image pair, or of two folders paired by file name.
/// </summary>
internal static class MetricsCommand
{
    private static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff" };

    public static Command Create()
    {
        var reference = new Option<string>("--reference") { Description = "Reference image, or folder of reference images.", Required = true }.MustExist("an image file or a folder of images");
        var distorted = new Option<string>("--distorted") { Description = "Distorted image, or folder paired with --reference by file name.", Required = true }.MustExist("an image file or a folder of images");
        var color = new Option<string>("--color") { Description = "rgb | y (BT.601 luma of MATLAB rgb2ycbcr) | gray (grey images).", DefaultValueFactory = _ => "rgb" };
        var shave = new Option<int>("--shave") { Description = "Border pixels removed on every side (SR convention: the scale).", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var dataRange = new Option<int>("--data-range") { Description = "1 or 255: the value range the metrics are told (images are read as [0,1] and scaled).", DefaultValueFactory = _ => 1 };
        dataRange.AcceptOnlyFromAmong("1", "255");
        var protocol = new Option<string>("--protocol") { Description = "float (score the values as read) | uint8 (round to 8 bits first, as MATLAB im2uint8 / BasicSR tensor2img).", DefaultValueFactory = _ => "float" };
        protocol.AcceptOnlyFromAmong("float", "uint8");
        var luma = new Option<string>("--luma") { Description = "Y under --protocol uint8: matlab (rgb2ycbcr on uint8, rounded) | basicsr (unrounded).", DefaultValueFactory = _ => "matlab" };
        luma.AcceptOnlyFromAmong("matlab", "basicsr");
        var precision = new Option<string>("--precision") { Description = "fast (float32 SSIM/UQI/GMSD, within 1e-5 of float64; default) | exact (float64 everywhere, as MATLAB).", DefaultValueFactory = _ => "fast" };
        precision.AcceptOnlyFromAmong("fast", "exact");
        var csv = new Option<string?>("--csv") { Description = "Folder mode: write one CSV row per image and the mean to this file." };
        var lpipsWeights = new Option<string?>("--lpips-weights") { Description = "LPIPS v0.1 lin weights of the --lpips-net trunk (the official lpips/weights/v0.1/vgg.pth, alex.pth or squeeze.pth): adds key lpips." }.MustBeFile("LPIPS lin weights (.pth)");
        var lpipsNet = new Option<string?>("--lpips-net") { Description = "LPIPS trunk: vgg (default; the paper's), alex (the lpips package's default) or squeeze." };
        var lpipsTrunk = new Option<string?>("--lpips-trunk-weights") { Description = "torchvision weights of the --lpips-net trunk: alexnet-owt-7be5be79.pth, vgg16-397923af.pth or squeezenet1_1-b8a52dc0.pth (for vgg, --vgg16-weights serves too)." }.MustBeFile("torchvision weights of the LPIPS trunk");
        var vgg16Weights = new Option<string?>("--vgg16-weights") { Description = "torchvision VGG-16 weights, the trunk of R-LPIPS and of LPIPS with --lpips-net vgg." }.MustBeFile("torchvision VGG-16 weights");
        var rlpipsWeights = new Option<string?>("--rlpips-weights") { Description = "R-LPIPS lin weights (trained by the LPIPS trainer with the robust option): adds key rlpips." }.MustBeFile("R-LPIPS lin weights (.pth)");
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var command = new Command("metrics", "Full-reference image quality: psnr, ssim, uqi, gmsd, ifc.")
        {
            reference, distorted, color, shave, dataRange, csv, json, device, lpipsWeights, lpipsNet, lpipsTrunk, vgg16Weights, rlpipsWeights, protocol, luma, precision,
        };
        command.SetAction(parse =>
        {
            {
                return Run(parse, reference, distorted, color, shave, dataRange, csv, json, device, (lpipsWeights, lpipsNet, lpipsTrunk, vgg16Weights, rlpipsWeights), (protocol, luma, precision));
            }
        });
        return command;
    }

    private static int Run(
        ParseResult parse, Option<string> reference, Option<string> distorted, Option<string> color, Option<int> shave,
        Option<int> dataRange, Option<string?> csv, Option<bool> json, Option<string> device,
        (Option<string?> Lpips, Option<string?> Net, Option<string?> Trunk, Option<string?> Vgg16, Option<string?> RobustLpips) learned,
        (Option<string> Protocol, Option<string> Luma, Option<string> Precision) scoring)
    {
        {
            TorchRuntime.EnsureLoaded();
            var options = new MetricOptions
            {
                Color = ParseColor(parse.GetValue(color)!),
                Shave = parse.GetValue(shave),
                DataRange = parse.GetValue(dataRange),
                Protocol = parse.GetValue(scoring.Protocol) == "uint8" ? ScoringProtocol.EightBit : ScoringProtocol.AsGiven,
                Luma = parse.GetValue(scoring.Luma) == "basicsr" ? LumaConvention.BasicSr : LumaConvention.Matlab,
                Precision = parse.GetValue(scoring.Precision) == "exact" ? MetricPrecision.Exact : MetricPrecision.Fast,
            };
            options.Validate();
            var metrics = BuildMetrics(options);
            AddLearned(metrics, parse, learned);
            var target = DeviceSelector.Parse(parse.GetValue(device)!);
            string refPath = parse.GetValue(reference)!;
            string distPath = parse.GetValue(distorted)!;
            bool asJson = parse.GetValue(json);
            if (Directory.Exists(refPath) || Directory.Exists(distPath))
            {
                return RunFolders(refPath, distPath, options, metrics, target, parse.GetValue(csv), asJson);
            }

            using var scope = NewDisposeScope();
            var values = ScorePair(refPath, distPath, options, metrics, target);
            var result = new Dictionary<string, object?> { ["reference"] = refPath, ["distorted"] = distPath };
            AddSettings(result, options);
            foreach (var (name, value) in values)
            {
                result[name] = JsonNumber(value);
            }

            Output.Write(result, asJson, "perceptual metrics");
            return 0;
        }
    }

    /// <summary>The metrics, in output order. LPIPS / R-LPIPS: add one line each here (when their weights are given).</summary>
    private static List<IImageMetric> BuildMetrics(MetricOptions options) => new()
    {
        new PsnrMetric(options),
        new SsimMetric(options),
        new UqiMetric(options),
        new GmsdMetric(options),
        new IfcMetric(options),
    };

    /// <summary>LPIPS (on --lpips-net) and R-LPIPS (on VGG-16, as trained by train-lpips), when their lin weights are given.</summary>
    private static void AddLearned(
        List<IImageMetric> metrics, ParseResult parse,
        (Option<string?> Lpips, Option<string?> Net, Option<string?> Trunk, Option<string?> Vgg16, Option<string?> RobustLpips) learned)
    {
        string? lin = parse.GetValue(learned.Lpips), netName = parse.GetValue(learned.Net), trunk = parse.GetValue(learned.Trunk);
        string? vgg16 = parse.GetValue(learned.Vgg16), robustLin = parse.GetValue(learned.RobustLpips);
        var net = ParseLpipsNet(netName, "--lpips-net");
        if (lin is null && netName is not null)
        {
            throw new ArgumentException("--lpips-net needs --lpips-weights (the lin weights of that net).");
        }

        if (lin is not null)
        {
            string? lpipsTrunk = trunk ?? (net == LpipsNet.Vgg ? vgg16 : null)
                ?? throw new ArgumentException($"--lpips-weights with --lpips-net {Name(net)} needs --lpips-trunk-weights ({TrunkFile(net)}, the LPIPS trunk).");
            AddLpips(metrics, "lpips", net, lpipsTrunk, lin, "--lpips-weights", trunk is null ? "--vgg16-weights" : "--lpips-trunk-weights");
        }

        if (robustLin is not null)
        {
            string robustTrunk = vgg16 ?? (net == LpipsNet.Vgg ? trunk : null)
                ?? throw new ArgumentException("--rlpips-weights needs --vgg16-weights (torchvision VGG-16, the R-LPIPS trunk).");
            AddLpips(metrics, "rlpips", LpipsNet.Vgg, robustTrunk, robustLin, "--rlpips-weights", vgg16 is null ? "--lpips-trunk-weights" : "--vgg16-weights");
        }
    }

    /// <summary>alex | vgg | squeeze (case-insensitive); null is vgg.</summary>
    internal static LpipsNet ParseLpipsNet(string? value, string option) => value?.ToUpperInvariant() switch
    {
        null or "VGG" or "VGG16" => LpipsNet.Vgg,
        "ALEX" => LpipsNet.Alex,
        "SQUEEZE" => LpipsNet.Squeeze,
        _ => throw new ArgumentException($"{option} must be one of: alex, vgg, squeeze; got '{value}'."),
    };

    private static string Name(LpipsNet net) => net.ToString().ToLowerInvariant();

    private static string TrunkFile(LpipsNet net) => net switch
    {
        LpipsNet.Alex => "torchvision alexnet-owt-7be5be79.pth",
        LpipsNet.Squeeze => "torchvision squeezenet1_1-b8a52dc0.pth",
        _ => "torchvision vgg16-397923af.pth",
    };

    /// <summary>LPIPS-type metrics see the RGB images in [0,1] as read, whatever --color, --shave and --data-range say.</summary>
    private static void AddLpips(List<IImageMetric> metrics, string name, LpipsNet net, string trunkWeights, string linWeights, string linOption, string trunkOption)
    {
        try
        {
            metrics.Add(new LpipsScore(name, LpipsFactory.Create(net, trunkWeights, linWeights, LpipsInputRange.ZeroToOne)));
        }
        catch (ArgumentException e) when (e.ParamName is "linWeights" or "trunkWeights")
        {
            throw new ArgumentException(ForCli(e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)), e);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException(ForCli(e.Message), e.FileName, e);
        }

        // The library names its arguments; the user typed options.
        string ForCli(string message) => message
            .Replace("linWeights:", linOption + ":", StringComparison.Ordinal)
            .Replace("trunkWeights:", trunkOption + ":", StringComparison.Ordinal)
            .Replace("choose the net the file is for", "choose the net the file is for with --lpips-net", StringComparison.Ordinal);
    }

    private sealed class LpipsScore : IImageMetric
    {
        private readonly Lpips lpips;

        public LpipsScore(string name, Lpips lpips)
        {
            Name = name;
            this.lpips = lpips;
        }

        public string Name { get; }

        public bool HigherIsBetter => false;

        public Tensor Compute(Tensor reference, Tensor distorted) => lpips.Compute(reference.to(lpips.parameters().First().device), distorted.to(lpips.parameters().First().device));
    }

    private static ColorMode ParseColor(string value) => value.ToUpperInvariant() switch
    {
        "RGB" => ColorMode.Rgb,
        "Y" => ColorMode.Y,
        "GRAY" or "GREY" => ColorMode.Gray,
        _ => throw new ArgumentException($"--color must be one of: rgb, y, gray; got '{value}'.", nameof(value)),
    };

    /// <summary>
    /// Loads a pair and scores it. A grey file against an RGB one is an error unless --color gray asks to compare grey
    /// levels; images of different sizes are an error (nothing is resized).
    /// </summary>
    private static List<(string Name, double Value)> ScorePair(string referencePath, string distortedPath, MetricOptions options, List<IImageMetric> metrics, Device device)
    {
        using var scope = NewDisposeScope();
        var reference = LoadRgb(referencePath);
        var distorted = LoadRgb(distortedPath);
        bool greyReference = PerceptualLosses.Imaging.ImageIO.IsGrayscale(referencePath), greyDistorted = PerceptualLosses.Imaging.ImageIO.IsGrayscale(distortedPath);
        if (greyReference != greyDistorted && options.Color != ColorMode.Gray)
        {
            var (grey, rgb) = greyReference ? ($"--reference '{referencePath}'", $"--distorted '{distortedPath}'") : ($"--distorted '{distortedPath}'", $"--reference '{referencePath}'");
            throw new UserInputException($"{grey} is a grey image but {rgb} is RGB; a grey image is not compared with a colour one. Give two grey or two RGB images, or pass --color gray to compare grey levels (the RGB image must then have equal R, G and B).");
        }

        if (!reference.shape.SequenceEqual(distorted.shape))
        {
            throw new UserInputException($"--reference '{referencePath}' is {reference.shape[2]}x{reference.shape[1]} but --distorted '{distortedPath}' is {distorted.shape[2]}x{distorted.shape[1]} (width x height); metrics compare images of one size (nothing is resized).");
        }

        if (options.Shave > 0 && 2 * options.Shave >= Math.Min(reference.shape[1], reference.shape[2]))
        {
            throw new UserInputException($"--shave {options.Shave} removes the whole of the {reference.shape[2]}x{reference.shape[1]} image '{referencePath}'; it must be less than half its shorter side.");
        }

        return Score(reference, distorted, options, metrics, device);
    }

    private static List<(string Name, double Value)> Score(Tensor reference, Tensor distorted, MetricOptions options, List<IImageMetric> metrics, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = ToMetricInput(reference, options, "--reference").to(device);
        var b = ToMetricInput(distorted, options, "--distorted").to(device);
        var rgbA = reference.unsqueeze(0).to(device);
        var rgbB = distorted.unsqueeze(0).to(device);
        return metrics.Select(m => (m.Name, m is LpipsScore ? m.ComputeMean(rgbA, rgbB) : m.ComputeMean(a, b))).ToList();
    }

    /// <summary>[3,H,W] in [0,1] → [1,C,H,W] on the scale of --data-range; gray keeps one channel of a grey image.</summary>
    private static Tensor ToMetricInput(Tensor rgb, MetricOptions options, string name)
    {
        var x = rgb.unsqueeze(0);
        if (options.Color == ColorMode.Gray)
        {
            if (!x[.., 0].allclose(x[.., 1], 0, 0) || !x[.., 0].allclose(x[.., 2], 0, 0))
            {
                throw new ArgumentException($"{name}: --color gray needs a grey image (equal R, G and B); use --color y or rgb.", name);
            }

            x = x[.., 0..1];
        }

        return x * options.DataRange;
    }

    private static int RunFolders(string refDir, string distDir, MetricOptions options, List<IImageMetric> metrics, Device device, string? csvPath, bool asJson)
    {
        foreach (var (dir, name) in new[] { (refDir, "--reference"), (distDir, "--distorted") })
        {
            if (!Directory.Exists(dir))
            {
                throw new DirectoryNotFoundException($"{name}: in folder mode both --reference and --distorted must be folders; '{dir}' is not.");
            }
        }

        var refFiles = ListImages(refDir);
        var distFiles = ListImages(distDir);
        var onlyRef = refFiles.Keys.Except(distFiles.Keys, StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var onlyDist = distFiles.Keys.Except(refFiles.Keys, StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (onlyRef.Count > 0 || onlyDist.Count > 0)
        {
            throw new ArgumentException(
                "Unmatched file names (pairs are made by file name). " +
                $"Only in --reference: [{string.Join(", ", onlyRef)}]. Only in --distorted: [{string.Join(", ", onlyDist)}].");
        }

        if (refFiles.Count == 0)
        {
            throw new ArgumentException($"No images ({string.Join(", ", ImageExtensions)}) in '{refDir}'.");
        }

        var names = refFiles.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var rows = new List<(string File, List<(string Name, double Value)> Values)>();
        SpectreProgress.Instance.Run("metrics", names.Count, report =>
        {
            foreach (var file in names)
            {
                using var scope = NewDisposeScope();
                rows.Add((file, ScorePair(refFiles[file], distFiles[file], options, metrics, device)));
                report(rows.Count, file);
            }
        });

        var means = metrics.Select(m => (m.Name, rows.Average(r => r.Values.Single(v => v.Name == m.Name).Value))).ToList();
        if (csvPath is not null)
        {
            var sb = new StringBuilder();
            sb.AppendLine("file," + string.Join(",", metrics.Select(m => m.Name)));
            foreach (var (file, values) in rows)
            {
                sb.AppendLine(CsvField(file) + "," + string.Join(",", values.Select(v => CsvNumber(v.Value))));
            }

            sb.AppendLine("mean," + string.Join(",", means.Select(v => CsvNumber(v.Item2))));
            File.WriteAllText(csvPath, sb.ToString());
        }

        var result = new Dictionary<string, object?> { ["reference"] = refDir, ["distorted"] = distDir, ["pairs"] = rows.Count, ["csv"] = csvPath };
        AddSettings(result, options);
        foreach (var (name, value) in means)
        {
            result[name] = JsonNumber(value);
        }

        Output.Write(result, asJson, "perceptual metrics (mean over pairs)");
        return 0;
    }

    private static void AddSettings(Dictionary<string, object?> result, MetricOptions options)
    {
        result["color"] = options.Color.ToString().ToLowerInvariant();
        result["shave"] = options.Shave;
        result["data_range"] = options.DataRange;
        result["protocol"] = options.Protocol == ScoringProtocol.EightBit ? "uint8" : "float";
        result["luma"] = options.Luma.ToString().ToLowerInvariant();
        result["precision"] = options.Precision.ToString().ToLowerInvariant();
    }

    private static Dictionary<string, string> ListImages(string dir) =>
        Directory.EnumerateFiles(dir)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .ToDictionary(f => Path.GetFileName(f), f => f, StringComparer.Ordinal);

    // +∞ (PSNR of identical images) is not a JSON number: it is written as the string "Infinity".
    private static object JsonNumber(double value) => double.IsFinite(value) ? value : value.ToString(CultureInfo.InvariantCulture);

    private static string CsvNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string CsvField(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;

    // Grayscale and RGBA files are read as RGB (ScorePair refuses a grey/RGB mix unless --color gray); nothing is resized or clamped.
    private static Tensor LoadRgb(string path) => PerceptualLosses.Imaging.ImageIO.Load(path, PerceptualLosses.Imaging.ImageLoadOptions.ConvertToRgb);
}
