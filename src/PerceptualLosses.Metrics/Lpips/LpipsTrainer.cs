using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Attacks;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics.Lpips;

/// <summary>
/// Trains LPIPS's lin layers on 2AFC triplets (BAPPS), as richzhang/PerceptualSimilarity <c>lpips/trainer.py</c>:
/// d₀ = LPIPS(ref, p₀), d₁ = LPIPS(ref, p₁), <see cref="DistanceToLogit"/> → BCE against the human judgement, Adam,
/// lin weights clamped to ≥ 0 after every step, linear learning-rate decay after <see cref="LpipsTrainingOptions.Epochs"/>.
/// With <see cref="LpipsTrainingOptions.Robust"/> each batch is first perturbed by L2 PGD (the paper's R-LPIPS).
/// Checkpoints after every epoch (lin layers, ranking network, optimizer, RNG, epoch); <see cref="Train"/> resumes from them.
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
        this.lpips = Guard.NotNull(lpips, nameof(lpips));
        this.rank = Guard.NotNull(rank, nameof(rank));
        this.options = Guard.NotNull(options, nameof(options));
        options.Validate();
        options.Robust?.Validate();
        this.checkpointDirectory = Guard.NotNull(checkpointDirectory, nameof(checkpointDirectory));
        this.fingerprint = Guard.NotNull(fingerprint, nameof(fingerprint));
    }

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
        ArgumentNullException.ThrowIfNull(epochBatches);
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
                    throw new InvalidOperationException($"LPIPS training loss became {value} in epoch {epoch + 1}, batch {count + 1}; the last good checkpoint is in {checkpointDirectory}.");
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
        ArgumentNullException.ThrowIfNull(batches);
        bool wasTraining = lpips.training;
        lpips.eval();
        double sum = 0;
        long count = 0;
        using (no_grad())
        {
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var scores = TwoAlternativeForcedChoice.Scores(lpips.Compute(batch.Reference, batch.P0), lpips.Compute(batch.Reference, batch.P1), batch.Judge);
                sum += scores.sum().to_type(ScalarType.Float64).item<double>();
                count += scores.shape[0];
            }
        }

        lpips.train(wasTraining);
        return count == 0 ? throw new ArgumentException("No evaluation batches.", nameof(batches)) : sum / count;
    }

    private Tensor RankingLoss(Tensor reference, Tensor p0, Tensor p1, Tensor judge)
    {
        var d0 = lpips.Compute(reference, p0).view(-1, 1, 1, 1);
        var d1 = lpips.Compute(reference, p1).view(-1, 1, 1, 1);
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
        Guard.NotNull(batch, nameof(batch));
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
        string temporary = checkpointDirectory + ".tmp";
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        Directory.CreateDirectory(temporary);
        for (int k = 0; k < lpips.LinLayers.Count; k++)
        {
            lpips.LinLayers[k].save(Path.Combine(temporary, $"lin{k}.bin"));
        }

        rank.save(Path.Combine(temporary, "rank.bin"));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(Path.Combine(temporary, "optimizer.bin"));
        using (var rng = get_rng_state())
        {
            File.WriteAllText(Path.Combine(temporary, StateFile), JsonSerializer.Serialize(new State(epoch, fingerprint, Convert.ToBase64String(rng.data<byte>().ToArray()))));
        }

        if (Directory.Exists(checkpointDirectory))
        {
            Directory.Delete(checkpointDirectory, recursive: true);
        }

        Directory.Move(temporary, checkpointDirectory);
    }

    private int LoadCheckpoint(optim.Optimizer optimizer)
    {
        string statePath = Path.Combine(checkpointDirectory, StateFile);
        if (!File.Exists(statePath))
        {
            return 0;
        }

        var state = JsonSerializer.Deserialize<State>(File.ReadAllText(statePath)) ?? throw new InvalidDataException($"{statePath} is empty.");
        if (!string.Equals(state.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The checkpoint in {checkpointDirectory} belongs to another configuration ({state.Fingerprint}); this run is {fingerprint}.");
        }

        for (int k = 0; k < lpips.LinLayers.Count; k++)
        {
            lpips.LinLayers[k].load(Path.Combine(checkpointDirectory, $"lin{k}.bin"));
        }

        rank.load(Path.Combine(checkpointDirectory, "rank.bin"));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(Path.Combine(checkpointDirectory, "optimizer.bin"));
        using (var rng = tensor(Convert.FromBase64String(state.TorchRng)))
        {
            set_rng_state(rng);
        }

        return state.Epoch;
    }

    private sealed record State(int Epoch, string Fingerprint, string TorchRng);
}
