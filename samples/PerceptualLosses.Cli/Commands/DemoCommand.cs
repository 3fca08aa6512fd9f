using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PerceptualLosses.Cli.Demo;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual demo</c>: the study end to end on the embedded images (CPU, nothing downloaded).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var steps = new Option<int>("--steps") { Description = "Training steps per EnhanceNet.", DefaultValueFactory = _ => 300 };
        var losses = new Option<string>("--losses") { Description = "Comma-separated loss presets.", DefaultValueFactory = _ => "E,EP,EPT,ET,P,PT" };
        var data = new Option<string>("--data") { Description = "Folder holding images/train, images/test and weights/ (the embedded demo data).", DefaultValueFactory = _ => DefaultDataFolder() };
        var force = new Option<bool>("--force") { Description = "Replace results of a different configuration in --out." };
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("demo", "Run the study on the embedded demo data: train, evaluate, write tables and figures.") { output, steps, losses, data, force, device, json };
        command.SetAction(parse =>
        {
            try
            {
                string root = parse.GetValue(data)!;
                string weights = Path.Combine(root, "weights");
                string? vgg = Existing(Path.Combine(weights, "vgg19_w16.dat"));
                string? robustVgg = Existing(Path.Combine(weights, "vgg19_w16_robust.dat"));
                DemoClassifiers? classifiers = null;
                string idx = Path.Combine(root, "fashion-mnist");
                string? resnet = Existing(Path.Combine(weights, "resnet50_w16.dat"));
                if (vgg is not null && robustVgg is not null && Directory.Exists(idx))
                {
                    var models = new List<DemoClassifier>
                    {
                        new("VGG-19 (1/16)", "vgg19", 0.0625, false, vgg, Judge: true),
                        new("VGG-19 (1/16)", "vgg19", 0.0625, true, robustVgg, Judge: true),
                    };
                    if (resnet is not null)
                    {
                        models.Add(new("ResNet-50 (1/16)", "resnet50", 0.0625, false, resnet, Judge: false));
                    }

                    // ε = 3.88 for 224×224×3 images scaled by √(32·32·3 / 224·224·3) = 1/7 (samples/data/weights/README.md).
                    classifiers = new DemoClassifiers(idx, models, 0.55);
                }

                var configuration = new DemoConfiguration(
                    Path.Combine(root, "images", "train"), Path.Combine(root, "images", "test"),
                    parse.GetValue(losses)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    vgg, robustVgg, parse.GetValue(steps), "tiny", 64, 4, new[] { 0 }, classifiers);
                var clock = Stopwatch.StartNew();
                var pipeline = new DemoPipeline(configuration, parse.GetValue(output)!, parse.GetValue(force), DeviceSelector.Parse(parse.GetValue(device)!));
                var ran = pipeline.Run();
                string report = Path.Combine(parse.GetValue(output)!, "report");
                Output.Write(new Dictionary<string, object?>
                {
                    ["output"] = Path.GetFullPath(parse.GetValue(output)!),
                    ["stages_run"] = ran,
                    ["models"] = pipeline.Models().Select(m => m.Id).ToArray(),
                    ["table2"] = Path.Combine(report, "table2.md"),
                    ["figure2"] = Path.Combine(report, "figure2.png"),
                    ["table1"] = configuration.Classifiers is null ? null : Path.Combine(report, "table1.md"),
                    ["figure1"] = configuration.Classifiers is null ? null : Path.Combine(report, "figure1.png"),
                    ["report"] = Path.Combine(report, "report.md"),
                    ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                }, parse.GetValue(json), "perceptual demo");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or FormatException)
            {
                Console.Error.WriteLine($"perceptual demo: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    /// <summary>samples/data of the repository: found from the working folder or the executable's folder upwards.</summary>
    private static string DefaultDataFolder()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "data");
                if (Directory.Exists(Path.Combine(candidate, "images")))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine("samples", "data");
    }
}
