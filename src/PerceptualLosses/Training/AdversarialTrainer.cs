using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using PerceptualLosses.Attacks;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Training;

/// <summary>
/// Trains any classifier <c>Module&lt;Tensor,Tensor&gt;</c> (images [B,C,H,W] in [0,1] → logits [B,K]) with SGD and the
/// objective of <see cref="AdversarialTrainingOptions"/>: standard, Madry et al. 2018 adversarial training, or the paper's
/// adversarial training with logit pairing.
/// </summary>
/// <remarks>
/// <para>The attack runs with the model in eval mode (BatchNorm statistics frozen, dropout off) and frozen parameters, as
/// robustness does (robustness/attacker.py, <c>AttackerModel.forward</c>: <c>self.eval()</c> before the attack, <c>train()</c> after).
/// Gradients then flow through F(x), F(x̄) and the pairing term, not through x̄.</para>
/// <para>Checkpoints (written after every epoch when a folder is given, atomically by <see cref="TrainingCheckpoint"/>):
/// <c>model.bin</c> (TorchSharp state dict), <c>optimizer.bin</c> (SGD momentum buffers via <c>save_state_dict</c>) and
/// <c>trainer.json</c> (next epoch, global step, options, torch CPU generator state, fingerprint; older checkpoints kept the
/// generator in <c>rng.bin</c> and still load). The data order is the caller's: batches are requested per epoch.</para>
/// </remarks>
public sealed class AdversarialTrainer
{
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string LegacyRngFile = "rng.bin";
    private const string StateFile = "trainer.json";

    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TorchSharp.Modules.SGD _optimizer;
    private readonly ProjectedGradientDescent? _attack;
    private string? _lastCheckpoint; // written or resumed from by this trainer: named when training diverges

    /// <summary>Creates the trainer and its SGD optimizer over the model's parameters.</summary>
    public AdversarialTrainer(nn.Module<Tensor, Tensor> model, ClassifierTrainingOptions options)
    {
        _model = Guard.NotNull(model);
        Options = Guard.NotNull(options);
        options.Validate();
        _optimizer = optim.SGD(model.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        _attack = options.Objective.Attack is null ? null : new ProjectedGradientDescent(options.Objective.Attack);
    }

    /// <summary>The options.</summary>
    public ClassifierTrainingOptions Options { get; }

    /// <summary>The next epoch to run (0-based).</summary>
    public int Epoch { get; private set; }

    /// <summary>Optimisation steps done so far.</summary>
    public long Step { get; private set; }

    /// <summary>Batches of the current epoch already trained on (non-zero after resuming from a mid-epoch checkpoint).</summary>
    public int StepInEpoch { get; private set; }

    /// <summary>Test hook: see <see cref="TrainingCheckpoint.BeforeFileSystemStep"/>.</summary>
    internal Action<string>? BeforeCheckpointStep { get; set; }

    /// <summary>The loss of one batch (a scalar with gradient w.r.t. the parameters); the model is left in train mode.</summary>
    /// <param name="images">[B,C,H,W] in [0,1].</param>
    /// <param name="labels">Int64 [B].</param>
    public Tensor Loss(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var objective = Options.Objective;
        Tensor? adversarial = null;
        if (_attack is not null && (objective.AdversarialWeight > 0 || objective.LogitPairingWeight > 0))
        {
            using var result = _attack.Perturb(_model, images, AttackTarget.Untargeted(labels));
            adversarial = result.Adversarial.detach().clone();
        }
        else
        {
            Guard.IsImageBatch(images);
            Guard.InRange(images, 0.0, 1.0);
        }

        _model.train();
        var loss = zeros(1, dtype: images.dtype, device: images.device).squeeze();
        Tensor? cleanLogits = null;
        if (objective.CleanWeight > 0 || objective.LogitPairingWeight > 0)
        {
            cleanLogits = _model.call(images);
            CheckLogits(cleanLogits, images, labels);
            if (objective.CleanWeight > 0)
            {
                loss = loss + nn.functional.cross_entropy(cleanLogits, labels) * objective.CleanWeight;
            }
        }

        if (adversarial is not null)
        {
            var adversarialLogits = _model.call(adversarial);
            if (objective.AdversarialWeight > 0)
            {
                loss = loss + nn.functional.cross_entropy(adversarialLogits, labels) * objective.AdversarialWeight;
            }

            if (objective.LogitPairingWeight > 0)
            {
                // mean over batch and logits = mean_b (1/d)‖F(x_b) − F(x̄_b)‖².
                loss = loss + nn.functional.mse_loss(cleanLogits!, adversarialLogits) * objective.LogitPairingWeight;
            }
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Runs the remaining epochs, starting inside an epoch when resumed from a mid-epoch checkpoint.</summary>
    /// <param name="batchesForEpoch">
    /// Batches (images [B,C,H,W] in [0,1], int64 labels [B]) of a 0-based epoch, the same ones each time it is asked for
    /// the same epoch (seeded), so that a resumed epoch skips exactly the batches already trained on; the trainer does not
    /// dispose them.
    /// </param>
    /// <param name="checkpointDirectory">Folder for a checkpoint after each epoch and every <see cref="ClassifierTrainingOptions.CheckpointEvery"/> steps, or null.</param>
    /// <param name="progress">Receives one report per step.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public void Train(
        Func<int, IEnumerable<(Tensor Images, Tensor Labels)>> batchesForEpoch,
        string? checkpointDirectory = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(batchesForEpoch);
        for (; Epoch < Options.Epochs; Epoch++)
        {
            double lr = Options.LearningRateAt(Epoch);
            foreach (var group in _optimizer.ParamGroups)
            {
                group.LearningRate = lr;
            }

            int done = StepInEpoch, index = 0;
            foreach (var (images, labels) in batchesForEpoch(Epoch))
            {
                // Batches trained on before the mid-epoch checkpoint this run resumed from: drawn (so that the data order
                // and any random crops stay those of an uninterrupted run) but not trained on again.
                if (index++ < done)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                using var scope = NewDisposeScope();
                _optimizer.zero_grad();
                var loss = Loss(images, labels);
                // Backward is queued before the loss is read back (a CUDA synchronisation), so the device does not idle
                // between forward and backward; a non-finite loss still stops training before the update.
                loss.backward();
                double value = loss.to_type(ScalarType.Float64).item<double>();
                if (!double.IsFinite(value))
                {
                    throw new TrainingDivergedException(checked((int)(Step + 1)), _lastCheckpoint, $"the loss ({value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, epoch {Epoch + 1})");
                }

                _optimizer.step();
                Step++;
                StepInEpoch++;
                progress?.Report(new TrainingProgress(Epoch, Step, value, lr, images.shape[0] / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
                if (checkpointDirectory is not null && Options.CheckpointEvery > 0 && Step % Options.CheckpointEvery == 0)
                {
                    SaveCheckpoint(checkpointDirectory);
                }
            }

            StepInEpoch = 0;
            if (checkpointDirectory is not null)
            {
                // Epoch is incremented by the loop after saving; store the next epoch to run.
                Epoch++;
                SaveCheckpoint(checkpointDirectory);
                Epoch--;
            }
        }
    }

    /// <summary>Writes model, optimizer, RNG and counters to <paramref name="directory"/> (atomically: the previous checkpoint there stays whole until this one is).</summary>
    public void SaveCheckpoint(string directory)
    {
        Guard.NotNull(directory);
        Checkpoint(directory).Save(Step, new CheckpointState(Epoch, Step, Options.ToString(), Fingerprint, StepInEpoch), new (string, Action<string>)[]
        {
            (ModelFile, path => _model.save(path)),
            (OptimizerFile, path => _optimizer.save_state_dict(path)),
        });
        _lastCheckpoint = Path.GetFullPath(directory);
    }

    /// <summary>The settings a checkpoint must share to be resumed: everything but the epoch count, which may grow.</summary>
    private string Fingerprint => (Options with { Epochs = 0, CheckpointEvery = 0 }).ToString();

    private TrainingCheckpoint Checkpoint(string directory) =>
        new(directory, StateFile, Fingerprint, "It was written by another training configuration: use another output folder, or the same settings (only the epoch count may grow).")
        {
            BeforeFileSystemStep = BeforeCheckpointStep,
        };

    /// <summary>Loads a checkpoint written by <see cref="SaveCheckpoint"/>; returns false when the folder has none.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint was written with other settings (objective, attack, rate, schedule, …).</exception>
    public bool TryResume(string directory)
    {
        Guard.NotNull(directory);
        var checkpoint = Checkpoint(directory);
        var loaded = checkpoint.TryLoad<CheckpointState>();
        if (loaded is null)
        {
            return false;
        }

        var state = loaded.State;
        if (loaded.LegacyJson is string legacyJson)
        {
            // Written before TrainingCheckpoint: the RNG in rng.bin, no manifest; a missing fingerprint was not checked then either.
            state = JsonSerializer.Deserialize<CheckpointState>(legacyJson) ?? throw new InvalidDataException($"{Path.Combine(directory, StateFile)} is empty.");
            if (state.Fingerprint is not null)
            {
                checkpoint.CheckFingerprint(state.Fingerprint);
            }

            using var rng = tensor(File.ReadAllBytes(Path.Combine(directory, LegacyRngFile)), dtype: ScalarType.Byte);
            torch.random.set_rng_state(rng);
        }

        _model.load(Path.Combine(loaded.Directory, ModelFile));
        _optimizer.load_state_dict(Path.Combine(loaded.Directory, OptimizerFile));
        Epoch = state.Epoch;
        Step = state.Step;
        StepInEpoch = state.StepInEpoch;
        _lastCheckpoint = loaded.Directory;
        return true;
    }

    private static void CheckLogits(Tensor logits, Tensor images, Tensor labels)
    {
        if (logits.dim() != 2 || logits.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"model must return logits [B, numClasses]; got [{Guard.Shape(logits)}].", nameof(images));
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"labels must be int64 [{images.shape[0]}]; got {labels.dtype} [{Guard.Shape(labels)}].", nameof(labels));
        }

        using var scope = NewDisposeScope();
        var range = stack(new[] { labels.min(), labels.max() }).cpu().data<long>().ToArray(); // one device-to-host read per step
        if (range[0] < 0 || range[1] >= logits.shape[1])
        {
            throw new ArgumentException($"labels must be in [0, {logits.shape[1] - 1}].", nameof(labels));
        }
    }

    private sealed record CheckpointState(int Epoch, long Step, string Options, string? Fingerprint = null, int StepInEpoch = 0);
}
