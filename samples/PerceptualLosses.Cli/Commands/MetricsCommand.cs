using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PerceptualLosses.Data;
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
        var only = new Option<string?>("--metrics") { Description = "Comma-separated metrics to score: psnr, ssim, uqi, gmsd, ifc, lpips, rlpips (default: the five full-reference ones, plus lpips/rlpips when their weights are given). Size minimums are those of the listed metrics (ifc needs 72x72 after shave)." };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var command = new Command("metrics", "Full-reference image quality: psnr, ssim, uqi, gmsd, ifc.")
        {
            reference, distorted, color, shave, dataRange, csv, json, device, lpipsWeights, lpipsNet, lpipsTrunk, vgg16Weights, rlpipsWeights, protocol, luma, only, precision,
        };
        command.SetAction(parse =>
        {
            {
                return Run(parse, reference, distorted, color, shave, dataRange, csv, json, device, (lpipsWeights, lpipsNet, lpipsTrunk, vgg16Weights, rlpipsWeights), (protocol, luma, only, precision));
            }
        });
        return command;
    }

    private static int Run(
        ParseResult parse, Option<string> reference, Option<string> distorted, Option<string> color, Option<int> shave,
        Option<int> dataRange, Option<string?> csv, Option<bool> json, Option<string> device,
        (Option<string?> Lpips, Option<string?> Net, Option<string?> Trunk, Option<string?> Vgg16, Option<string?> RobustLpips) learned,
        (Option<string> Protocol, Option<string> Luma, Option<string?> Metrics, Option<string> Precision) scoring)
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
            var requested = ParseMetricNames(parse.GetValue(scoring.Metrics));
            var metrics = BuildMetrics(requested);
            AddLearned(metrics, requested, parse, learned);
            var suite = new MetricSuite(options, metrics);
            var target = DeviceSelector.Parse(parse.GetValue(device)!);
            string refPath = parse.GetValue(reference)!;
            string distPath = parse.GetValue(distorted)!;
            bool asJson = parse.GetValue(json);
            if (Directory.Exists(refPath) || Directory.Exists(distPath))
            {
                return RunFolders(refPath, distPath, suite, target, parse.GetValue(csv), asJson);
            }

            if (parse.GetValue(csv) is string rows)
            {
                // Not silently ignored: a CSV has one row per pair of folder mode.
                throw new UserInputException($"--csv '{rows}' is for folder mode (one row per pair); --reference and --distorted are files here: drop --csv, or give two folders.");
            }

            using var scope = NewDisposeScope();
            var values = ScorePair(refPath, distPath, suite, target);
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

    private static readonly string[] FullReferenceNames = SuiteMetric.FullReference.Select(m => m.Name).ToArray();

    private static readonly string[] KnownNames = FullReferenceNames.Concat(new[] { "lpips", "rlpips" }).ToArray();

    /// <summary>--metrics as a list of known names, or null (not given: the defaults).</summary>
    private static List<string>? ParseMetricNames(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).ToList();
        var unknown = names.Where(n => !KnownNames.Contains(n, StringComparer.Ordinal)).ToArray();
        if (names.Count == 0 || unknown.Length > 0 || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException($"--metrics must be a comma-separated list of distinct names from: {string.Join(", ", KnownNames)}; got '{value}'.");
        }

        return names;
    }

    /// <summary>The full-reference metrics, in output order: those of --metrics, or all five.</summary>
    private static List<SuiteMetric> BuildMetrics(List<string>? requested) =>
        SuiteMetric.FullReference.Where(m => requested is null || requested.Contains(m.Name, StringComparer.Ordinal)).ToList();

    /// <summary>LPIPS (on --lpips-net) and R-LPIPS (on VGG-16, as trained by train-lpips), when their lin weights are given.</summary>
    private static void AddLearned(
        List<SuiteMetric> metrics, List<string>? requested, ParseResult parse,
        (Option<string?> Lpips, Option<string?> Net, Option<string?> Trunk, Option<string?> Vgg16, Option<string?> RobustLpips) learned)
    {
        string? lin = parse.GetValue(learned.Lpips), netName = parse.GetValue(learned.Net), trunk = parse.GetValue(learned.Trunk);
        string? vgg16 = parse.GetValue(learned.Vgg16), robustLin = parse.GetValue(learned.RobustLpips);
        var net = ParseLpipsNet(netName, "--lpips-net");
        if (lin is null && netName is not null)
        {
            throw new ArgumentException("--lpips-net needs --lpips-weights (the lin weights of that net).");
        }

        CheckRequested("lpips", "--lpips-weights", lin);
        CheckRequested("rlpips", "--rlpips-weights", robustLin);
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

        if (requested is not null)
        {
            metrics.Sort((x, y) => requested.IndexOf(x.Name).CompareTo(requested.IndexOf(y.Name)));
        }

        // A learned metric is scored exactly when its weights are given and --metrics (if given) lists it.
        void CheckRequested(string metric, string option, string? weights)
        {
            bool listed = requested?.Contains(metric, StringComparer.Ordinal) ?? weights is not null;
            if (listed && weights is null)
            {
                throw new ArgumentException($"--metrics lists {metric}, which needs {option}.");
            }

            if (!listed && weights is not null)
            {
                throw new ArgumentException($"{option} is given but --metrics does not list {metric}; add it or drop {option}.");
            }
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

    /// <summary>
    /// LPIPS-type metrics see the RGB images in [0,1] after the same --shave and --protocol as the others, whatever
    /// --color says (<see cref="SuiteInput.Rgb"/>).
    /// </summary>
    private static void AddLpips(List<SuiteMetric> metrics, string name, LpipsNet net, string trunkWeights, string linWeights, string linOption, string trunkOption)
    {
        try
        {
            metrics.Add(SuiteMetric.Learned(name, LpipsFactory.Create(net, trunkWeights, linWeights, LpipsInputRange.ZeroToOne)));
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

    private static ColorMode ParseColor(string value) => value.ToUpperInvariant() switch
    {
        "RGB" => ColorMode.Rgb,
        "Y" => ColorMode.Y,
        "GRAY" or "GREY" => ColorMode.Gray,
        _ => throw new ArgumentException($"--color must be one of: rgb, y, gray; got '{value}'.", nameof(value)),
    };

    /// <summary>Scores a pair of files (checked by the suite: grey against RGB, sizes, shave); each metric's value.</summary>
    private static List<(string Name, double Value)> ScorePair(string referencePath, string distortedPath, MetricSuite suite, Device device)
    {
        using var scope = NewDisposeScope();
        return suite.ScoreFiles(distortedPath, referencePath, device).Select(s => (s.Name, s.Values.mean().to_type(ScalarType.Float64).item<double>())).ToList();
    }

    private static int RunFolders(string refDir, string distDir, MetricSuite suite, Device device, string? csvPath, bool asJson)
    {
        var options = suite.Options;
        var metrics = suite.Metrics;
        var pairs = ImageFolder.Pairs(refDir, distDir);
        var rows = new List<(string File, List<(string Name, double Value)> Values)>();
        SpectreProgress.Instance.Run("metrics", pairs.Count, report =>
        {
            foreach (var (file, referenceFile, distortedFile) in pairs)
            {
                using var scope = NewDisposeScope();
                rows.Add((file, ScorePair(referenceFile, distortedFile, suite, device)));
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

    // +∞ (PSNR of identical images) is not a JSON number: it is written as the string "Infinity".
    private static object JsonNumber(double value) => double.IsFinite(value) ? value : value.ToString(CultureInfo.InvariantCulture);

    private static string CsvNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string CsvField(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
