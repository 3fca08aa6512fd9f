using System;
using System.IO;
using System.Linq;
using System.Text;
using PerceptualLosses.Imaging;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Metrics;

/// <summary>
/// 2AFC training on a small BAPPS-format folder of seeded random patches: p0/p1 are the reference with weak or strong
/// Gaussian noise, and the "judges" prefer the weaker one 90 % of the time.
/// </summary>
[Collection(GlobalRandomTests.Name)] // LPIPS' lin dropout draws from torch's global generator: exact comparisons need it alone
public sealed class LpipsTrainerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-bapps-").FullName;

    public LpipsTrainerTests() => BappsFiles.WriteSet(root, 24);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static PerceptualLosses.Metrics.Lpips NewLpips()
    {
        var trunk = new Vgg(new VggOptions(Depth: 16, WidthMultiplier: 0.125, IncludeClassifier: false, NormalizeInput: false));
        ModelWeights.Load(trunk, Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "vgg16_w8.pth"));
        return new PerceptualLosses.Metrics.Lpips(trunk, LpipsOptions.Vgg16ZeroToOne);
    }

    [Fact]
    public void Training_ReachesHighAgreementWithTheJudges_AndResumesFromItsCheckpoint()
    {
        var data = new BappsTwoAfcDataset(new[] { root }, p => ImageIO.Load(p));
        Assert.Equal(24, data.Count);
        using var lpips = NewLpips();
        using var rank = new DistanceToLogit();
        string checkpoint = Path.Combine(root, "..", Path.GetFileName(root) + "-ckpt");
        var options = new LpipsTrainingOptions(Epochs: 3, DecayEpochs: 1, LearningRate: 1e-3);
        var trainer = new LpipsTrainer(lpips, rank, options, checkpoint, "test/vgg16_w8");

        Assert.Equal(4, trainer.Train(epoch => data.Batches(8, seed: epoch)));
        double agreement = trainer.Evaluate(data.Batches(8, seed: null));

        // Ideal agreement with 90 % judges is 0.9 (always picking the weaker noise).
        Assert.True(agreement >= 0.85, $"2AFC agreement {agreement}");
        Assert.All(lpips.LinLayers, l => Assert.True(l.Weight.min().item<float>() >= 0, "lin weights must stay non-negative"));

        // Exported in the reference layout, the trained weights load through the factory (the metrics CLI's path) unchanged.
        string exported = Path.Combine(root, "..", Path.GetFileName(root) + "-lin.pth");
        lpips.SaveLinWeights(exported);
        using (var loaded = LpipsFactory.Vgg16(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lpips", "vgg16_w8.pth"), exported, LpipsInputRange.ZeroToOne))
        using (var scope = NewDisposeScope())
        {
            var batch = data.Batches(8, seed: null).First();
            lpips.eval();
            Assert.True(loaded.Compute(batch.P0, batch.Reference).allclose(lpips.Compute(batch.P0, batch.Reference), rtol: 0, atol: 0));
        }

        File.Delete(exported);

        using var again = NewLpips();
        using var rank2 = new DistanceToLogit();
        var resumed = new LpipsTrainer(again, rank2, options, checkpoint, "test/vgg16_w8");
        Assert.Equal(4, resumed.Train(_ => throw new InvalidOperationException("a finished run must not train again")));
        Assert.True(again.LinLayers[0].Weight.allclose(lpips.LinLayers[0].Weight));
        Assert.Throws<InvalidOperationException>(() => new LpipsTrainer(NewLpips(), new DistanceToLogit(), options, checkpoint, "other").Train(epoch => data.Batches(8, epoch)));
        Directory.Delete(checkpoint, recursive: true);
    }

    /// <summary>
    /// A crash before any one file-system step of either epoch's checkpoint save (every step enumerated) leaves a loadable
    /// checkpoint, never loses the previous epoch's, and the resumed training ends with the uninterrupted lin weights.
    /// </summary>
    [Fact]
    public void Training_CrashedAtAnyCheckpointStep_ResumesToTheUninterruptedWeights()
    {
        var data = new BappsTwoAfcDataset(new[] { root }, p => ImageIO.Load(p));
        var options = new LpipsTrainingOptions(Epochs: 1, DecayEpochs: 1, LearningRate: 1e-3);
        string runs = root + "-crash";
        try
        {
            var steps = new System.Collections.Generic.List<string>();
            using var straight = NewLpips();
            using var straightRank = new DistanceToLogit();
            SameStart(straight, straightRank);
            var reference = new LpipsTrainer(straight, straightRank, options, Path.Combine(runs, "straight"), "test/crash") { BeforeCheckpointStep = CrashInjection.Record(steps) };
            Assert.Equal(2, reference.Train(epoch => data.Batches(24, seed: epoch)));
            int firstSave = CrashInjection.FirstSaveSteps(steps);

            for (int k = 1; k <= steps.Count; k++)
            {
                string checkpoint = Path.Combine(runs, $"crash-{k}");
                using (var crashedLpips = NewLpips())
                using (var crashedRank = new DistanceToLogit())
                {
                    SameStart(crashedLpips, crashedRank);
                    var crashed = new LpipsTrainer(crashedLpips, crashedRank, options, checkpoint, "test/crash") { BeforeCheckpointStep = CrashInjection.CrashBefore(k) };
                    Assert.Throws<SimulatedCrashException>(() => crashed.Train(epoch => data.Batches(24, seed: epoch)));
                }

                using var resumed = NewLpips();
                using var resumedRank = new DistanceToLogit();
                SameStart(resumed, resumedRank); // what a crash before the first complete checkpoint restarts from
                var trainer = new LpipsTrainer(resumed, resumedRank, options, checkpoint, "test/crash");
                int epochsRun = 0;
                Assert.Equal(2, trainer.Train(epoch => { epochsRun++; return data.Batches(24, seed: epoch); }));
                Assert.True(k <= firstSave || epochsRun <= 1, $"crash before {steps[k - 1]}: the first epoch's checkpoint was lost");
                foreach (var (expected, actual) in straight.LinLayers.Zip(resumed.LinLayers))
                {
                    Assert.True(expected.Weight.allclose(actual.Weight, rtol: 0, atol: 0), $"crash before {steps[k - 1]}: lin weights differ");
                }

                Assert.Equal(new[] { $"crash-{k}" }, Directory.GetDirectories(runs, $"crash-{k}*").Select(Path.GetFileName));
            }
        }
        finally
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    /// <summary>The same initial lin and ranking weights for every run, from a local generator (tests share torch's global one).</summary>
    private static void SameStart(PerceptualLosses.Metrics.Lpips lpips, DistanceToLogit rank)
    {
        using var generator = new Generator(5);
        using var noGrad = no_grad();
        foreach (var p in lpips.LinLayers.SelectMany(l => l.parameters()).Concat(rank.parameters()))
        {
            p.copy_(rand(p.shape, generator: generator) * 0.1);
        }
    }

    [Fact]
    public void RobustTraining_OnBappsFolders_StaysFinite()
    {
        var data = new BappsTwoAfcDataset(new[] { root }, p => ImageIO.Load(p));
        using var lpips = NewLpips();
        using var rank = new DistanceToLogit();
        string checkpoint = Path.Combine(root, "..", Path.GetFileName(root) + "-rckpt");
        var options = new LpipsTrainingOptions(Epochs: 1, DecayEpochs: 0, LearningRate: 1e-3, Robust: new RobustLpipsAttack(2, 0.5, 0.25));
        var trainer = new LpipsTrainer(lpips, rank, options, checkpoint, "test/robust");
        Assert.Equal(1, trainer.Train(epoch => data.Batches(12, seed: epoch)));
        Assert.All(trainer.EpochLosses, l => Assert.True(double.IsFinite(l)));
        Directory.Delete(checkpoint, recursive: true);
    }

    /// <summary>
    /// R-LPIPS with ε → 0 is LPIPS training: from the same start and batches, every epoch's loss and the final lin and
    /// ranking weights equal plain training's (the attack runs in eval mode and draws no random numbers, so dropout masks
    /// of the training steps are the same on both sides).
    /// </summary>
    [Fact]
    public void RobustTraining_WithVanishingEpsilon_EqualsPlainLpipsTraining()
    {
        var data = new BappsTwoAfcDataset(new[] { root }, p => ImageIO.Load(p));
        string runs = root + "-eps0";
        try
        {
            var plainOptions = new LpipsTrainingOptions(Epochs: 1, DecayEpochs: 1, LearningRate: 1e-3);
            var robustOptions = plainOptions with { Robust = new RobustLpipsAttack(3, 1e-12, 1e-12) };
            using var plain = NewLpips();
            using var plainRank = new DistanceToLogit();
            using var robust = NewLpips();
            using var robustRank = new DistanceToLogit();
            SameStart(plain, plainRank);
            SameStart(robust, robustRank);
            var plainTrainer = new LpipsTrainer(plain, plainRank, plainOptions, Path.Combine(runs, "plain"), "test/eps0");
            var robustTrainer = new LpipsTrainer(robust, robustRank, robustOptions, Path.Combine(runs, "robust"), "test/eps0");

            Assert.Equal(2, plainTrainer.Train(epoch => data.Batches(12, seed: epoch)));
            Assert.Equal(2, robustTrainer.Train(epoch => data.Batches(12, seed: epoch)));

            Assert.Equal(plainTrainer.EpochLosses, robustTrainer.EpochLosses);
            var expected = plain.LinLayers.SelectMany(l => l.parameters()).Concat(plainRank.parameters()).ToArray();
            var actual = robust.LinLayers.SelectMany(l => l.parameters()).Concat(robustRank.parameters()).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(expected[i].allclose(actual[i], rtol: 0, atol: 0), $"parameter {i} differs after training");
            }

            // And the attack is not a no-op at the paper's ε on the same data (so the equality above is not vacuous).
            var paper = new LpipsTrainer(robust, robustRank, plainOptions with { Robust = RobustLpipsAttack.Paper }, Path.Combine(runs, "paper"), "test/eps0");
            using var scope = NewDisposeScope();
            var batch = data.Batches(12, seed: 0).First();
            Assert.True((paper.Perturb(batch).Reference - batch.Reference).abs().max().item<float>() > 1e-3);
        }
        finally
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    /// <summary>
    /// train.py runs epochs 1…10 and, after each epoch numbered above nepoch = 5, lowers the rate by lr/nepoch_decay
    /// (update_learning_rate): six epochs at 1e-4, then 0.8, 0.6, 0.4, 0.2 × 1e-4.
    /// </summary>
    [Fact]
    public void ReferenceSchedule_MatchesTrainPy()
    {
        var expected = new[] { 1, 1, 1, 1, 1, 1, 0.8, 0.6, 0.4, 0.2 };
        var options = LpipsTrainingOptions.Reference;
        Assert.Equal(10, options.TotalEpochs);
        for (int epoch = 0; epoch < options.TotalEpochs; epoch++)
        {
            Assert.Equal(expected[epoch] * 1e-4, options.LearningRateAt(epoch), 12);
        }

        Assert.Equal(new RobustLpipsAttack(10, 1.33, 2.5 * 1.33 / 10), LpipsTrainingOptions.PaperRobust.Robust);
    }

    [Fact]
    public void TwoAfcScores_FollowTheReferenceRule()
    {
        using var scope = NewDisposeScope();
        var scores = TwoAlternativeForcedChoice.Scores(tensor(new[] { 0.1f, 0.5f, 0.3f }), tensor(new[] { 0.2f, 0.4f, 0.3f }), tensor(new[] { 0.25f, 0.25f, 0.25f }));
        Assert.Equal(new[] { 0.75f, 0.25f, 0.5f }, scores.data<float>().ToArray());
    }

    [Fact]
    public void Dataset_ListsMissingTriplets()
    {
        File.Delete(Path.Combine(root, "p1", "003.png"));
        var error = Assert.Throws<ArgumentException>(() => new BappsTwoAfcDataset(new[] { root }, p => ImageIO.Load(p)));
        Assert.Contains("003", error.Message, StringComparison.Ordinal);
    }
}
