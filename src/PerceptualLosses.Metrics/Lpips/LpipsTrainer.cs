using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Attacks;
using PerceptualLosses.Common;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>
/// Trains LPIPS's lin layers on 2AFC triplets (BAPPS), as richzhang/PerceptualSimilarity <c>lpips/trainer.py</c>:
/// d₀ = LPIPS(ref, p₀), d₁ = LPIPS(ref, p₁), <see cref="DistanceToLogit"/> → BCE against the human judgement, Adam,
/// lin weights clamped to ≥ 0 after every step, linear learning-rate decay after <see cref="LpipsTrainingOptions.Epochs"/>.
/// With <see cref="LpipsTrainingOptions.Robust"/> each batch is first perturbed by L2 PGD (the paper's R-LPIPS).
/// Checkpoints after every epoch (lin layers, ranking network, optimizer, RNG, epoch), written atomically by the library's
/// training checkpoint (the previous one stays whole until the new one is); <see cref="Train"/> resumes from them. A
/// NaN/Inf loss stops training with <see cref="TrainingDivergedException"/>.
/// </summary>
public sealed class LpipsTrainer
{
    private const string StateFile = "state.json";

    private readonly Lpips lpips;
    private readonly DistanceToLogit rank;
    private readonly LpipsTrainingOptions options;
    private readonly string checkpointDirectory;
    private readonly string fingerprint;

    /// <summary>Creates a trainer; <paramref name="lpips"/>' lin layers and <paramref name="rank"/> are trained in place.</summary>
    public LpipsTrainer(Lpips lpips, DistanceToLogit rank, LpipsTrainingOptions options, string checkpointDirectory, string fingerprint)
    {
        this.lpips = Guard.NotNull(lpips);
        this.rank = Guard.NotNull(rank);
        this.options = Guard.NotNull(options);
        options.Validate();
        options.Robust?.Validate();
        this.checkpointDirectory = Guard.NotNull(checkpointDirectory);
        this.fingerprint = Guard.NotNull(fingerprint);
    }

    /// <summary>Test hook: called before every file-system change of a checkpoint save (throwing simulates a crash there).</summary>
    internal Action<string>? BeforeCheckpointStep { get; set; }

    private TrainingCheckpoint Checkpoint() => new(checkpointDirectory, StateFile, fingerprint) { BeforeFileSystemStep = BeforeCheckpointStep };

    /// <summary>Mean BCE loss of each finished epoch of this process, for logging.</summary>
    public IList<double> EpochLosses { get; } = new List<double>();

    /// <summary>
    /// Trains for <see cref="LpipsTrainingOptions.TotalEpochs"/>; <paramref name="epochBatches"/> gives the batches of a
    /// 0-based epoch (shuffle them with the epoch as seed for reproducibility). Resumes after the last finished epoch
    /// when a checkpoint of the same configuration exists.
    /// </summary>
    /// <returns>The number of epochs finished.</returns>
    public int Train(Func<int, IEnumerable<TwoAfcBatch>> epochBatches, IProgress<(int Epoch, int Batch, double Loss)>? progress = null)
    {
        Guard.NotNull(epochBatches);
        manual_seed(options.Seed);
        var parameters = lpips.LinLayers.SelectMany(l => l.parameters()).Concat(rank.parameters()).ToArray();
        using var optimizer = optim.Adam(parameters, options.LearningRate, options.Beta1, options.Beta2);
        int epoch = LoadCheckpoint(optimizer);
        lpips.MarkWeightsReady();
        while (epoch < options.TotalEpochs)
        {
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = options.LearningRateAt(epoch);
            }

            lpips.train();
            rank.train();
            double sum = 0;
            int count = 0;
            foreach (var batch in epochBatches(epoch))
            {
                using var scope = NewDisposeScope();
                var (reference, p0, p1) = options.Robust is null ? new PerturbedTriplet(batch.Reference, batch.P0, batch.P1) : Perturb(batch);
                optimizer.zero_grad();
                var loss = RankingLoss(reference, p0, p1, batch.Judge);
                // Backward is queued before the loss is read back (a CUDA synchronisation); a non-finite loss still stops
                // training before the update.
                loss.backward();
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                {
                    throw new TrainingDivergedException(count + 1, epoch > 0 ? Checkpoint().Directory : null, $"the LPIPS ranking loss ({value.ToString(System.Globalization.CultureInfo.InvariantCulture)}) of epoch {epoch + 1}");
                }

                optimizer.step();
                ClampLinWeights();
                sum += value;
                count++;
                progress?.Report((epoch, count, value));
            }

            if (count == 0)
            {
                throw new ArgumentException($"Epoch {epoch + 1} produced no batches.", nameof(epochBatches));
            }

            EpochLosses.Add(sum / count);
            epoch++;
            SaveCheckpoint(optimizer, epoch);
        }

        lpips.eval();
        rank.eval();
        return epoch;
    }

    /// <summary>Mean 2AFC agreement with the human judgements (see <see cref="TwoAlternativeForcedChoice"/>).</summary>
    public double Evaluate(IEnumerable<TwoAfcBatch> batches)
    {
        Guard.NotNull(batches);
        bool wasTraining = lpips.training;
        lpips.eval();
        double sum = 0;
        long count = 0;
        using (no_grad())
        {
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var scores = TwoAlternativeForcedChoice.Scores(lpips.Compute(batch.P0, batch.Reference), lpips.Compute(batch.P1, batch.Reference), batch.Judge);
                sum += scores.sum().to_type(ScalarType.Float64).item<double>();
                count += scores.shape[0];
            }
        }

        lpips.train(wasTraining);
        return count == 0 ? throw new ArgumentException("No evaluation batches.", nameof(batches)) : sum / count;
    }

    private Tensor RankingLoss(Tensor reference, Tensor p0, Tensor p1, Tensor judge)
    {
        var d0 = lpips.Compute(p0, reference).view(-1, 1, 1, 1);
        var d1 = lpips.Compute(p1, reference).view(-1, 1, 1, 1);
        var probability = rank.call(d0, d1);
        return nn.functional.binary_cross_entropy(probability, judge.view(-1, 1, 1, 1).to_type(probability.dtype));
    }

    /// <summary>
    /// R-LPIPS' perturbation of one batch (what training sees with <see cref="LpipsTrainingOptions.Robust"/>): L2 PGD on
    /// all three images at once, maximising the training objective, the 2AFC binary cross-entropy between the ranking
    /// network's probability (from d₀ = LPIPS(ref, p₀), d₁ = LPIPS(ref, p₁)) and the human judgement. Each image moves by
    /// at most ε in L2 per example on the [0,1] pixel scale (exactly ε unless the [0,1] box clips), with the Attacks'
    /// <see cref="L2Step"/> (robustness' step x + α·g/‖g‖ and projection onto each image's ε-ball and [0,1]). LPIPS and the
    /// ranking network are in eval mode during the attack and restored afterwards.
    /// </summary>
    /// <param name="batch">The clean triplets.</param>
    /// <returns>The perturbed triplets (new tensors; the batch is not modified).</returns>
    /// <exception cref="InvalidOperationException">The options have no <see cref="LpipsTrainingOptions.Robust"/> attack.</exception>
    public PerturbedTriplet Perturb(TwoAfcBatch batch)
    {
        Guard.NotNull(batch);
        if (options.Robust is null)
        {
            throw new InvalidOperationException("Perturb needs LpipsTrainingOptions.Robust (the R-LPIPS attack); these options train plain LPIPS.");
        }

        var attack = options.Robust!;
        bool lpipsTraining = lpips.training, rankTraining = rank.training;
        lpips.eval();
        rank.eval();
        var originals = new[] { batch.Reference, batch.P0, batch.P1 };
        var steps = originals.Select(x => new L2Step(x, attack.Epsilon, attack.StepSize)).ToArray();
        var current = originals.Select(x => x.detach().clone()).ToArray();
        try
        {
            for (int step = 0; step < attack.Steps; step++)
            {
                using var scope = NewDisposeScope();
                var inputs = current.Select(x => x.detach().requires_grad_(true)).ToArray();
                var loss = RankingLoss(inputs[0], inputs[1], inputs[2], batch.Judge);
                var gradients = autograd.grad(new[] { loss }, inputs);
                using (no_grad())
                {
                    for (int i = 0; i < 3; i++)
                    {
                        var projected = steps[i].Project(steps[i].Step(inputs[i], gradients[i]));
                        current[i].Dispose();
                        current[i] = projected.detach().MoveToOuterDisposeScope();
                    }
                }
            }
        }
        finally
        {
            lpips.train(lpipsTraining);
            rank.train(rankTraining);
        }

        return new PerturbedTriplet(current[0], current[1], current[2]);
    }

    private void ClampLinWeights()
    {
        using var noGrad = no_grad();
        foreach (var lin in lpips.LinLayers)
        {
            lin.Weight.clamp_min_(0);
        }
    }

    private void SaveCheckpoint(optim.Optimizer optimizer, int epoch)
    {
        var files = lpips.LinLayers.Select((lin, k) => ($"lin{k}.bin", (Action<string>)(path => lin.save(path))))
            .Append(("rank.bin", path => rank.save(path)))
            .Append(("optimizer.bin", path => ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(path)));
        Checkpoint().Save(epoch, new State(epoch, fingerprint, TorchRng: null), files);
    }

    private int LoadCheckpoint(optim.Optimizer optimizer)
    {
        var checkpoint = Checkpoint();
        var loaded = checkpoint.TryLoad<State>();
        if (loaded is null)
        {
            return 0;
        }

        var state = loaded.State;
        if (loaded.LegacyJson is string legacyJson)
        {
            // Written before the shared checkpoint: the RNG inside state.json, no manifest.
            state = JsonSerializer.Deserialize<State>(legacyJson) ?? throw new InvalidDataException($"{Path.Combine(loaded.Directory, StateFile)} is empty.");
            checkpoint.CheckFingerprint(state.Fingerprint);
            using var rng = tensor(Convert.FromBase64String(state.TorchRng ?? throw new InvalidDataException($"{Path.Combine(loaded.Directory, StateFile)} has no TorchRng.")));
            set_rng_state(rng);
        }

        for (int k = 0; k < lpips.LinLayers.Count; k++)
        {
            lpips.LinLayers[k].load(Path.Combine(loaded.Directory, $"lin{k}.bin"));
        }

        rank.load(Path.Combine(loaded.Directory, "rank.bin"));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(Path.Combine(loaded.Directory, "optimizer.bin"));
        return state.Epoch;
    }

    /// <summary>The trainer's state; <see cref="TorchRng"/> only in legacy folders (now the checkpoint holds the generator).</summary>
    private sealed record State(int Epoch, string Fingerprint, string? TorchRng);
}
