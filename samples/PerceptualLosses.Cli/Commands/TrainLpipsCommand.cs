using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// <c>perceptual train-lpips</c>: LPIPS v0.1 (VGG-16) 2AFC training on BAPPS-format folders, or R-LPIPS with
/// <c>--robust</c> (PGD-10, L2, ε = 1.33 on the reference and both distortions); writes the lin weights in the reference
/// layout (<c>lin.pth</c>) for <c>perceptual metrics --lpips-weights/--rlpips-weights</c> and the study.
/// </summary>
internal static class TrainLpipsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "BAPPS 2AFC set folders with ref/, p0/, p1/, judge/ (e.g. 2afc/train/traditional 2afc/train/cnn 2afc/train/mix).", Required = true, AllowMultipleArgumentsPerToken = true }.MustBeFolder("a BAPPS 2AFC folder (ref/, p0/, p1/, judge/)");
        var val = new Option<string[]>("--val") { Description = "BAPPS 2AFC validation set folders: 2AFC agreement after training.", AllowMultipleArgumentsPerToken = true }.MustBeFolder("a BAPPS 2AFC folder (ref/, p0/, p1/, judge/)");
        var vgg16 = new Option<string>("--vgg16-weights") { Description = "torchvision VGG-16 weights (the fixed trunk).", Required = true }.MustBeFile("torchvision VGG-16 weights");
        var robust = new Option<bool>("--robust") { Description = "Train R-LPIPS: PGD-10, L2, ε = 1.33 on all three images before each step (the paper's)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs at the base rate (reference: 5).", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var decay = new Option<int>("--decay-epochs") { Description = "Epochs of linear decay (reference: 5).", DefaultValueFactory = _ => 5 }.AtLeast(0);
        var lr = new Option<double>("--lr") { Description = "Adam learning rate (reference: 1e-4).", DefaultValueFactory = _ => 1e-4 }.Positive();
        var batchSize = CommonOptions.BatchSize("Triplets per batch (reference: 50).", 50);
        var output = new Option<string>("--out") { Description = "Output folder (lin.pth, checkpoint/); a rerun resumes from its checkpoint.", Required = true };
        var seed = CommonOptions.Seed();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("train-lpips", "Train LPIPS (or R-LPIPS with --robust) lin layers on BAPPS 2AFC folders.")
        {
            data, val, vgg16, robust, epochs, decay, lr, batchSize, output, seed, device, json,
        };
        command.SetAction(parse =>
        {
            {
                TorchRuntime.EnsureLoaded();
                var target = DeviceSelector.Parse(parse.GetValue(device)!);
                var options = (parse.GetValue(robust) ? LpipsTrainingOptions.PaperRobust : LpipsTrainingOptions.Reference) with
                {
                    Epochs = parse.GetValue(epochs),
                    DecayEpochs = parse.GetValue(decay),
                    LearningRate = parse.GetValue(lr),
                    Seed = parse.GetValue(seed),
                };
                var train = new BappsTwoAfcDataset(parse.GetValue(data)!, p => ImageIO.Load(p, ImageLoadOptions.ConvertToRgb));
                string outDir = parse.GetValue(output)!;
                Directory.CreateDirectory(outDir);
                using var lpips = LpipsFactory.Vgg16ForTraining(parse.GetValue(vgg16)!, LpipsInputRange.ZeroToOne, target);
                using var rank = new DistanceToLogit();
                rank.to(target);
                int batch = parse.GetValue(batchSize);
                string fingerprint = JsonSerializer.Serialize(new { options, data = parse.GetValue(data), vgg16 = Path.GetFileName(parse.GetValue(vgg16)), batch });
                var trainer = new LpipsTrainer(lpips, rank, options, Path.Combine(outDir, "checkpoint"), fingerprint);
                int batchesPerEpoch = (train.Count + batch - 1) / batch;
                SpectreProgress.Instance.Run(parse.GetValue(robust) ? "train R-LPIPS" : "train LPIPS", (double)batchesPerEpoch * options.TotalEpochs, report =>
                    trainer.Train(
                        epoch => OnDevice(train.Batches(batch, seed: options.Seed + epoch), target),
                        new SynchronousProgress<(int Epoch, int Batch, double Loss)>(p => report(
                            (double)p.Epoch * batchesPerEpoch + p.Batch,
                            string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch + 1}/{options.TotalEpochs} loss {p.Loss:F4}")))));
                string weights = Path.Combine(outDir, "lin.pth");
                lpips.SaveLinWeights(weights);
                double? agreement = null;
                if (parse.GetValue(val) is { Length: > 0 } valFolders)
                {
                    var validation = new BappsTwoAfcDataset(valFolders, p => ImageIO.Load(p, ImageLoadOptions.ConvertToRgb));
                    agreement = trainer.Evaluate(OnDevice(validation.Batches(batch, seed: null), target));
                }

                var result = new Dictionary<string, object?>
                {
                    ["lin_weights"] = Path.GetFullPath(weights),
                    ["robust"] = parse.GetValue(robust),
                    ["triplets"] = train.Count,
                    ["epochs"] = options.TotalEpochs,
                    ["epoch_losses"] = trainer.EpochLosses.ToArray(),
                    ["val_2afc"] = agreement,
                };
                File.WriteAllText(Path.Combine(outDir, "result.json"), JsonSerializer.Serialize(result, Indented));
                Output.Write(result, parse.GetValue(json), "perceptual train-lpips");
                return 0;
            }
        });
        return command;
    }

    // Each moved batch lives until the trainer asks for the next one.
    private static IEnumerable<TwoAfcBatch> OnDevice(IEnumerable<TwoAfcBatch> batches, Device device)
    {
        foreach (var b in batches)
        {
            using var reference = b.Reference.to(device);
            using var p0 = b.P0.to(device);
            using var p1 = b.P1.to(device);
            using var judge = b.Judge.to(device);
            yield return new TwoAfcBatch(reference, p0, p1, judge);
        }
    }
}
