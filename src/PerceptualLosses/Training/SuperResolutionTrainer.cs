using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using PerceptualLosses.Common;
using PerceptualLosses.Data;
using PerceptualLosses.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Training;

/// <summary>
/// Trains a super-resolution generator (e.g. EnhanceNet 4×) with any <see cref="IPerceptualLoss"/>: Adam, periodic
/// validation, a CSV log, and checkpoints (model, optimizer, torch RNG, batch-stream position, step) from which
/// <see cref="Run"/> continues exactly.
/// </summary>
/// <remarks>
/// Output folder: <c>log.csv</c> (step, loss, every term, validation metrics) and <c>checkpoint/</c>
/// (<c>model.bin</c> TorchSharp format, <c>optimizer.bin</c>, <c>state.json</c>), written by <see cref="TrainingCheckpoint"/>:
/// an interrupted write never replaces a good one. A NaN/Inf loss stops training with <see cref="TrainingDivergedException"/>
/// before anything of that step is saved.
/// </remarks>
public sealed class SuperResolutionTrainer
{
    /// <summary>Name of the checkpoint folder inside the output folder.</summary>
    public const string CheckpointFolder = "checkpoint";

    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";
    private const string LogFile = "log.csv";

    private readonly nn.Module<Tensor, Tensor> generator;
    private readonly IPerceptualLoss loss;
    private readonly ISuperResolutionBatchSource batches;
    private readonly IReadOnlyList<(Tensor LowResolution, Tensor HighResolution)> validation;
    private readonly IReadOnlyDictionary<string, Func<Tensor, Tensor, double>> metrics;
    private readonly SuperResolutionTrainingOptions options;
    private readonly string outputDirectory;
    private readonly string fingerprint;

    /// <summary>Creates a trainer.</summary>
    /// <param name="generator">The network, already on the training device.</param>
    /// <param name="loss">Training loss.</param>
    /// <param name="batches">Training batches.</param>
    /// <param name="validation">Validation pairs (<c>[1,3,h,w]</c>, <c>[1,3,H,W]</c>); may be empty.</param>
    /// <param name="metrics">Validation metrics by name, each (prediction, target) → value; the first one is reported as progress.</param>
    /// <param name="options">Optimiser and schedule.</param>
    /// <param name="outputDirectory">Where the log and checkpoint go.</param>
    /// <param name="fingerprint">Describes the configuration (loss spec, architecture, data); resuming with another one is refused.</param>
    public SuperResolutionTrainer(
        nn.Module<Tensor, Tensor> generator,
        IPerceptualLoss loss,
        ISuperResolutionBatchSource batches,
        IReadOnlyList<(Tensor LowResolution, Tensor HighResolution)> validation,
        IReadOnlyDictionary<string, Func<Tensor, Tensor, double>> metrics,
        SuperResolutionTrainingOptions options,
        string outputDirectory,
        string fingerprint)
    {
        this.generator = Guard.NotNull(generator);
        this.loss = Guard.NotNull(loss);
        this.batches = Guard.NotNull(batches);
        this.validation = Guard.NotNull(validation);
        this.metrics = Guard.NotNull(metrics);
        this.options = Guard.NotNull(options);
        options.Validate();
        this.outputDirectory = Guard.NotNull(outputDirectory);
        this.fingerprint = Guard.NotNull(fingerprint);
        if (validation.Count > 0 && metrics.Count == 0)
        {
            throw new ArgumentException("Validation pairs were given without a metric.", nameof(metrics));
        }
    }

    /// <summary>Folder of the current checkpoint.</summary>
    public string CheckpointDirectory => Path.Combine(outputDirectory, CheckpointFolder);

    /// <summary>Test hook: see <see cref="TrainingCheckpoint.BeforeFileSystemStep"/>.</summary>
    internal Action<string>? BeforeCheckpointStep { get; set; }

    private TrainingCheckpoint Checkpoint() => new(CheckpointDirectory, StateFile, fingerprint) { BeforeFileSystemStep = BeforeCheckpointStep };

    /// <summary>
    /// Trains up to <see cref="SuperResolutionTrainingOptions.Steps"/>. With <paramref name="resume"/>, continues from the
    /// checkpoint in the output folder (refusing one of another configuration); without it, an existing checkpoint is an error.
    /// </summary>
    /// <returns>The step reached (equal to Steps unless cancelled).</returns>
    public int Run(bool resume, IProgress<SuperResolutionTrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(outputDirectory);
        manual_seed(options.Seed);
        var parameters = generator.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, options.LearningRate, options.Beta1, options.Beta2);
        int step = 0;
        if (Checkpoint().Exists)
        {
            if (!resume)
            {
                throw new InvalidOperationException($"{CheckpointDirectory} already holds a checkpoint; pass resume to continue it, or choose an empty output folder.");
            }

            step = LoadCheckpoint(optimizer);
        }

        string logPath = Path.Combine(outputDirectory, LogFile);
        TrimLog(logPath, step);
        string? lastCheckpoint = step > 0 ? CheckpointDirectory : null;
        double? lastValidation = null;
        var clock = Stopwatch.StartNew();
        int stepsThisProcess = 0;
        generator.train();
        while (step < options.Steps && !cancellation.IsCancellationRequested)
        {
            using var scope = NewDisposeScope();
            var (lr, hr) = batches.NextBatch();
            optimizer.zero_grad();
            var result = loss.Compute(generator.call(lr), hr);
            // Backward is queued before the loss is read back, so the device does not idle between forward and backward
            // (reading a CUDA tensor waits for it); a non-finite loss still stops training before the update.
            result.Total.backward();
            double total = result.Total.to_type(ScalarType.Float64).item<double>();
            if (!double.IsFinite(total))
            {
                throw new TrainingDivergedException(step + 1, lastCheckpoint, $"the loss ({total.ToString(CultureInfo.InvariantCulture)})");
            }

            optimizer.step();
            step++;
            stepsThisProcess++;
            var row = new Dictionary<string, double>();
            if (options.ValidateEvery > 0 && validation.Count > 0 && (step % options.ValidateEvery == 0 || step == options.Steps))
            {
                var values = Validate();
                foreach (var (name, value) in values)
                {
                    row[$"val_{name}"] = value;
                }

                lastValidation = values.First().Value;
            }

            if (step % options.LogEvery == 0 || step == options.Steps || row.Count > 0)
            {
                AppendLog(logPath, step, total, result.Terms, row);
            }

            if (step % options.CheckpointEvery == 0 || step == options.Steps)
            {
                // A finite loss can still come with NaN/Inf gradients; the step's update must not reach a checkpoint then.
                if (!WeightsAreFinite())
                {
                    throw new TrainingDivergedException(step, lastCheckpoint, "the weights after the update");
                }

                SaveCheckpoint(optimizer, step);
                lastCheckpoint = CheckpointDirectory;
            }

            progress?.Report(new SuperResolutionTrainingProgress(step, options.Steps, total, stepsThisProcess / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), lastValidation));
        }

        return step;
    }

    private bool WeightsAreFinite()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return generator.parameters().All(p => isfinite(p).all().item<bool>());
    }

    /// <summary>Runs the generator on every validation pair and averages each metric; the generator's mode is restored.</summary>
    public IReadOnlyDictionary<string, double> Validate()
    {
        bool wasTraining = generator.training;
        generator.eval();
        var sums = metrics.Keys.ToDictionary(k => k, _ => 0.0);
        try
        {
            using var noGrad = no_grad();
            foreach (var (lr, hr) in validation)
            {
                using var scope = NewDisposeScope();
                var prediction = generator.call(lr);
                foreach (var (name, metric) in metrics)
                {
                    sums[name] += metric(prediction, hr);
                }
            }
        }
        finally
        {
            generator.train(wasTraining);
        }

        return sums.ToDictionary(kv => kv.Key, kv => kv.Value / validation.Count);
    }

    private void SaveCheckpoint(optim.Optimizer optimizer, int step) =>
        Checkpoint().Save(step, new TrainerState(batches.SaveState()), new (string, Action<string>)[]
        {
            (ModelFile, path => generator.save(path)),
            (OptimizerFile, path => ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(path)),
        });

    private int LoadCheckpoint(optim.Optimizer optimizer)
    {
        var checkpoint = Checkpoint();
        var loaded = checkpoint.TryLoad<TrainerState>()!;
        string batchState;
        int step;
        if (loaded.LegacyJson is string legacyJson)
        {
            // Written before TrainingCheckpoint: the same files, the RNG inside state.json, no manifest.
            var legacy = JsonSerializer.Deserialize<LegacyState>(legacyJson) ?? throw new InvalidDataException($"{CheckpointDirectory}/{StateFile} is empty.");
            checkpoint.CheckFingerprint(legacy.Fingerprint);
            using var rng = tensor(Convert.FromBase64String(legacy.TorchRng));
            set_rng_state(rng);
            (batchState, step) = (legacy.BatchState, legacy.Step);
        }
        else
        {
            (batchState, step) = (loaded.State.BatchState, checked((int)loaded.Step));
        }

        generator.load(Path.Combine(loaded.Directory, ModelFile));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(Path.Combine(loaded.Directory, OptimizerFile));
        batches.RestoreState(batchState);
        return step;
    }

    private static void TrimLog(string path, int step)
    {
        if (!File.Exists(path))
        {
            return;
        }

        // Rows after the checkpoint's step came from an interrupted run and will be produced again.
        var kept = File.ReadAllLines(path).Where((line, i) => i == 0 || int.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture) <= step).ToArray();
        if (step == 0)
        {
            kept = Array.Empty<string>();
        }

        File.WriteAllLines(path, kept);
    }

    private static void AppendLog(string path, int step, double total, IReadOnlyList<LossTermValue> terms, IReadOnlyDictionary<string, double> extra)
    {
        var names = new List<string> { "step", "loss" };
        var values = new List<string> { step.ToString(CultureInfo.InvariantCulture), total.ToString("R", CultureInfo.InvariantCulture) };
        if (terms.Count > 0)
        {
            // One device-to-host read for all terms.
            using var scope = NewDisposeScope();
            var read = stack(terms.Select(t => t.Value.detach().to_type(ScalarType.Float64).reshape(1)).ToArray()).cpu().data<double>().ToArray();
            for (int i = 0; i < terms.Count; i++)
            {
                names.Add(terms[i].Name);
                values.Add(read[i].ToString("R", CultureInfo.InvariantCulture));
            }
        }

        foreach (var (name, value) in extra)
        {
            names.Add(name);
            values.Add(value.ToString("R", CultureInfo.InvariantCulture));
        }

        var text = new StringBuilder();
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            text.AppendLine(string.Join(",", names));
        }

        text.AppendLine(string.Join(",", values));
        File.AppendAllText(path, text.ToString());
    }

    private sealed record TrainerState(string BatchState);

    private sealed record LegacyState(int Step, string Fingerprint, string TorchRng, string BatchState);
}
