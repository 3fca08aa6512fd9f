using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using PerceptualLosses.Reproduction.Classifiers;
using PerceptualLosses.Reproduction.Runs;
using PerceptualLosses.Attacks;
using PerceptualLosses.Runtime;
using PerceptualLosses.Training;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary><c>perceptual robustness</c>: clean and adversarial accuracy (paper Table 1 protocol) with sanity checks.</summary>
internal static class RobustnessCommand
{
    public static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = $"Weights written by train-classifier (with {TrainClassifierCommand.ArchitectureFile} beside them).", Required = true };
        var data = new Option<string>("--data") { Description = "Folder with t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz).", Required = true };
        var attack = new Option<string>("--attack") { Description = "pgd50-targeted (paper) | apgd (paper + APGD-T check)", DefaultValueFactory = _ => "apgd" };
        var epsilon = new Option<double?>("--epsilon") { Description = "Override ε (paper: 3.88); α keeps the paper's ratio 0.155/3.88." };
        var limit = new Option<int>("--limit") { Description = "Evaluate the first N test images (0 = all).", DefaultValueFactory = _ => 1000 };
        var batchSize = new Option<int>("--batch-size") { DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var command = new Command("robustness", "Clean top-1 and targeted PGD-50 / APGD-T accuracy with gradient-masking sanity checks.")
        {
            modelPath, data, attack, epsilon, limit, batchSize, json, seed, threads,
        };
        command.SetAction(parse =>
        {
            TorchRuntime.EnsureLoaded();
            if (parse.GetValue(threads) > 0)
            {
                set_num_threads(parse.GetValue(threads));
            }

            string weights = parse.GetValue(modelPath)!;
            string infoPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weights))!, TrainClassifierCommand.ArchitectureFile);
            if (!File.Exists(weights) || !File.Exists(infoPath))
            {
                throw new FileNotFoundException($"--model: need '{weights}' and '{infoPath}'.");
            }

            using var info = JsonDocument.Parse(File.ReadAllText(infoPath));
            var root = info.RootElement;
            string archName = root.GetProperty("arch").GetString()!;
            double width = root.TryGetProperty("width", out var w) ? w.GetDouble() : 1.0;
            var model = ArchitectureRegistry.Create(
                archName, root.GetProperty("channels").GetInt32(), root.GetProperty("image_size").GetInt32(), root.GetProperty("num_classes").GetInt32(), width);
            model.load(weights);
            model.eval();
            var options = RobustnessEvaluationOptions.Paper with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(epsilon) is double eps)
            {
                double ratio = PgdOptions.PaperEvaluationStepSize / PgdOptions.PaperEvaluationEpsilon;
                options = options with { Pgd = options.Pgd with { Epsilon = eps, StepSize = eps * ratio }, Strong = options.Strong! with { Epsilon = eps } };
            }

            options = parse.GetValue(attack) switch
            {
                "pgd50-targeted" => options with { Strong = null },
                "apgd" => options,
                var other => throw new ArgumentException($"--attack must be pgd50-targeted or apgd; got '{other}'."),
            };
            var (images, labels) = IdxData.Load(parse.GetValue(data)!, train: false, parse.GetValue(limit));
            if (ArchitectureRegistry.NeedsRgb(archName))
            {
                images = IdxData.ToRgb(images, ArchitectureRegistry.MinimumImageNetStyleSize);
            }

            var report = new RobustnessEvaluator(options).Evaluate(model, IdxData.Batches(images, labels, parse.GetValue(batchSize), shuffleSeed: null));
            var result = new Dictionary<string, object?>
            {
                ["examples"] = report.Examples,
                ["clean_accuracy"] = report.CleanAccuracy,
                ["pgd_accuracy"] = report.PgdAccuracy,
                ["pgd_target_success_rate"] = report.PgdTargetSuccessRate,
                ["strong_accuracy"] = report.StrongAccuracy,
                ["strong_target_success_rate"] = report.StrongTargetSuccessRate,
                ["worst_case_accuracy"] = report.WorstCaseAccuracy,
                ["large_epsilon_accuracy"] = report.LargeEpsilonAccuracy,
                ["short_pgd_accuracy"] = report.ShortPgdAccuracy,
                ["warnings"] = report.Warnings,
                ["protocol"] = report.Protocol,
            };
            Output.Write(result, parse.GetValue(json), "perceptual robustness");
            return 0;
        });
        return command;
    }
}
