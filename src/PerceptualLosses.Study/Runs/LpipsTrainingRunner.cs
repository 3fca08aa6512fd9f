using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Study.Pipeline;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Runs;

/// <summary>Trains the lin layers of an <see cref="LpipsTrainingRun"/> into a folder: <c>lin.pth</c>, <c>result.json</c>, checkpoint.</summary>
public static class LpipsTrainingRunner
{
    /// <summary>File name of the trained lin weights (the layout of the official <c>lpips/weights/v0.1/*.pth</c>).</summary>
    public const string WeightsName = "lin.pth";

    /// <summary>File name of the summary written beside the weights.</summary>
    public const string ResultName = "result.json";

    /// <summary>Folder of the checkpoint inside the output folder.</summary>
    public const string CheckpointName = "checkpoint";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Trains (a rerun on the same folder resumes after the last finished epoch of the same configuration), writes
    /// <see cref="WeightsName"/> and <see cref="ResultName"/>, and returns the summary (<c>lin_weights</c>, <c>robust</c>,
    /// <c>triplets</c>, <c>epochs</c>, <c>epoch_losses</c>, <c>val_2afc</c>).
    /// </summary>
    /// <param name="run">What to train; checked before any file is read.</param>
    /// <param name="outputFolder">Weights, summary and checkpoint (created when missing).</param>
    /// <param name="device">Where to train.</param>
    /// <param name="progress">Progress display (reports every batch).</param>
    /// <param name="title">Progress title; <c>train LPIPS</c> or <c>train R-LPIPS</c> when null.</param>
    public static Dictionary<string, object?> Train(LpipsTrainingRun run, string outputFolder, Device device, IStudyProgress progress, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outputFolder);
        ArgumentNullException.ThrowIfNull(progress);
        run.Validate();
        var options = run.Training;
        // As the reference's data loader (PerceptualSimilarity data/dataset/twoafc_dataset.py: Image.open(...).convert('RGB')).
        var train = new BappsTwoAfcDataset(run.Data, p => ImageIO.Load(p, ImageLoadOptions.ConvertToRgb));
        // Indexed now (no image is read yet), so an incomplete validation folder is found before training, not after it.
        var validation = run.Validation.Count > 0 ? new BappsTwoAfcDataset(run.Validation, p => ImageIO.Load(p, ImageLoadOptions.ConvertToRgb)) : null;
        Directory.CreateDirectory(outputFolder);
        using var lpips = LpipsFactory.Vgg16ForTraining(run.Vgg16Weights, LpipsInputRange.ZeroToOne, device);
        using var rank = new DistanceToLogit();
        rank.to(device);
        int batch = run.BatchSize;
        // The resume fingerprint, as written since the first release of train-lpips (so its checkpoints resume).
        string fingerprint = JsonSerializer.Serialize(new { options, data = run.Data, vgg16 = Path.GetFileName(run.Vgg16Weights), batch });
        var trainer = new LpipsTrainer(lpips, rank, options, Path.Combine(outputFolder, CheckpointName), fingerprint);
        int batchesPerEpoch = (train.Count + batch - 1) / batch;
        progress.Run(title ?? (options.Robust is null ? "train LPIPS" : "train R-LPIPS"), (double)batchesPerEpoch * options.TotalEpochs, report =>
            trainer.Train(
                epoch => OnDevice(train.Batches(batch, seed: options.Seed + epoch), device),
                new SynchronousProgress<(int Epoch, int Batch, double Loss)>(p => report(
                    (double)p.Epoch * batchesPerEpoch + p.Batch,
                    string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch + 1}/{options.TotalEpochs} loss {p.Loss:F4}")))));
        string weights = Path.Combine(outputFolder, WeightsName);
        lpips.SaveLinWeights(weights);
        double? agreement = null;
        if (validation is not null)
        {
            agreement = trainer.Evaluate(OnDevice(validation.Batches(batch, seed: null), device));
        }

        var result = new Dictionary<string, object?>
        {
            ["lin_weights"] = Path.GetFullPath(weights),
            ["robust"] = options.Robust is not null,
            ["triplets"] = train.Count,
            ["epochs"] = options.TotalEpochs,
            ["epoch_losses"] = trainer.EpochLosses.ToArray(),
            ["val_2afc"] = agreement,
        };
        File.WriteAllText(Path.Combine(outputFolder, ResultName), JsonSerializer.Serialize(result, Indented));
        return result;
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
