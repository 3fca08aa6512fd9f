using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Attacks;
using PerceptualLosses.Tests.Attacks;
using PerceptualLosses.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Training;

[Collection(GlobalRandomTests.Name)]
public sealed class AdversarialTrainerTests
{
    private static readonly AdversarialTrainingOptions SmallPaper = AdversarialTrainingOptions.Paper.WithEpsilon(0.5);

    private static List<(Tensor, Tensor)> Data(int seed)
    {
        manual_seed(seed);
        return Enumerable.Range(0, 3).Select(_ => (rand(8, 3, 8, 8), randint(0, 10, 8, dtype: ScalarType.Int64))).ToList();
    }

    private static TinyCnn Model(int seed)
    {
        manual_seed(seed);
        return new TinyCnn();
    }

    [Fact]
    public void Loss_Equals_WeightedCleanAdversarialAndLogitPairingTerms()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Data(1)[0];
        using var model = Model(2);
        var trainer = new AdversarialTrainer(model, new ClassifierTrainingOptions(1, SmallPaper));
        var loss = trainer.Loss(images, labels).item<float>();

        using var adversarial = new ProjectedGradientDescent(SmallPaper.Attack!).Perturb(model, images, AttackTarget.Untargeted(labels));
        model.train();
        using var noGrad = no_grad();
        var clean = model.call(images);
        var adv = model.call(adversarial.Adversarial);
        double d = clean.shape[1];
        double expected = 0.5 * nn.functional.cross_entropy(clean, labels).item<float>()
            + 0.5 * nn.functional.cross_entropy(adv, labels).item<float>()
            + 0.5 * ((clean - adv).pow(2).sum(1) / d).mean().item<float>();
        Assert.Equal(expected, loss, 5);
        Assert.True(model.training);
    }

    /// <summary>The adversarial-only reading of the paper's objective: CE(adv) + 0.5·ALP, no clean term.</summary>
    [Fact]
    public void AdversarialOnlyReading_Equals_AdversarialAndLogitPairingTerms()
    {
        Assert.Equal((1.0, 0.0, 0.5), (AdversarialTrainingOptions.PaperAdversarialOnly.AdversarialWeight, AdversarialTrainingOptions.PaperAdversarialOnly.CleanWeight, AdversarialTrainingOptions.PaperAdversarialOnly.LogitPairingWeight));
        Assert.Equal(AdversarialTrainingOptions.Paper.Attack, AdversarialTrainingOptions.PaperAdversarialOnly.Attack);
        using var scope = NewDisposeScope();
        var (images, labels) = Data(1)[0];
        using var model = Model(2);
        var objective = SmallPaper with { AdversarialWeight = 1.0, CleanWeight = 0.0 };
        var loss = new AdversarialTrainer(model, new ClassifierTrainingOptions(1, objective)).Loss(images, labels).item<float>();

        using var adversarial = new ProjectedGradientDescent(objective.Attack!).Perturb(model, images, AttackTarget.Untargeted(labels));
        model.train();
        using var noGrad = no_grad();
        var clean = model.call(images);
        var adv = model.call(adversarial.Adversarial);
        double expected = nn.functional.cross_entropy(adv, labels).item<float>() + 0.5 * ((clean - adv).pow(2).sum(1) / clean.shape[1]).mean().item<float>();
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void Training_ChangesParameters_AndReportsProgress()
    {
        using var scope = NewDisposeScope();
        var data = Data(3);
        using var model = Model(4);
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        var reports = new List<TrainingProgress>();
        var trainer = new AdversarialTrainer(model, new ClassifierTrainingOptions(2, SmallPaper, LearningRate: 0.05));
        trainer.Train(_ => data, progress: new SynchronousProgress(reports.Add));
        Assert.Equal(6, reports.Count);
        Assert.Equal(6L, reports[^1].Step);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss) && r.ExamplesPerSecond > 0));
        Assert.Contains(model.parameters().Zip(before), pair => (pair.First - pair.Second).abs().max().item<float>() > 0);
    }

    /// <summary>Steady-state memory of PGD+ALP training: after the first epoch (optimizer state made), more epochs leave nothing.</summary>
    [Fact]
    public void PaperTraining_MoreEpochs_LeaveNoMoreTensorsBehind()
    {
        using var scope = NewDisposeScope();
        var data = Data(8);
        using var model = Model(9);
        var trainer = new AdversarialTrainer(model, new ClassifierTrainingOptions(5, SmallPaper, LearningRate: 0.05));
        trainer.Train(_ => data); // all five epochs
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var longer = new AdversarialTrainer(model, new ClassifierTrainingOptions(25, SmallPaper, LearningRate: 0.05));
        longer.Train(_ => data);
        long afterLonger = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var shorter = new AdversarialTrainer(model, new ClassifierTrainingOptions(5, SmallPaper, LearningRate: 0.05));
        shorter.Train(_ => data);
        long afterShorter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        // Each trainer keeps its optimizer state; 25 epochs must not keep more than 5 do.
        Assert.Equal(afterLonger - before, afterShorter - afterLonger);
    }

    [Fact]
    public void Resume_FromCheckpoint_ReproducesUninterruptedTraining()
    {
        using var scope = NewDisposeScope();
        var data = Data(5);
        var options = new ClassifierTrainingOptions(2, SmallPaper with { Attack = SmallPaper.Attack! with { RandomStart = true } }, LearningRate: 0.05);
        string dir = Path.Combine(Path.GetTempPath(), "pl-attacks-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var straight = Model(6);
            manual_seed(7);
            new AdversarialTrainer(straight, options).Train(_ => data);

            using var first = Model(6);
            manual_seed(7);
            new AdversarialTrainer(first, options with { Epochs = 1 }).Train(_ => data, dir);
            rand(100); // disturb the global RNG: resume must restore it

            using var other = Model(98);
            var mismatch = Assert.Throws<InvalidOperationException>(() => new AdversarialTrainer(other, options with { LearningRate = 0.1 }).TryResume(dir));
            Assert.Contains("another training configuration", mismatch.Message, StringComparison.Ordinal);

            using var resumed = Model(99);
            var trainer = new AdversarialTrainer(resumed, options);
            Assert.True(trainer.TryResume(dir));
            Assert.Equal(1, trainer.Epoch);
            Assert.Equal(3L, trainer.Step);
            trainer.Train(_ => data);

            AssertSameParameters(straight, resumed);
        }
        finally
        {
            DeleteFolder(dir);
        }
    }

    [Fact]
    public void Resume_FromAMidEpochCheckpoint_ReproducesUninterruptedTraining()
    {
        using var scope = NewDisposeScope();
        var data = Data(12);
        var options = new ClassifierTrainingOptions(2, SmallPaper with { Attack = SmallPaper.Attack! with { RandomStart = true } }, LearningRate: 0.05, CheckpointEvery: 2);
        string dir = Path.Combine(Path.GetTempPath(), "pl-attacks-midepoch-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var straight = Model(13);
            manual_seed(14);
            new AdversarialTrainer(straight, options).Train(_ => data);

            // Stopped after step 4 = epoch 1, batch 1 (three batches an epoch); the checkpoint of step 4 holds it.
            using var first = Model(13);
            manual_seed(14);
            using var cancel = new System.Threading.CancellationTokenSource();
            var stopAfterFour = new SynchronousProgress(p => { if (p.Step == 4) { cancel.Cancel(); } });
            Assert.Throws<OperationCanceledException>(() => new AdversarialTrainer(first, options).Train(_ => data, dir, stopAfterFour, cancel.Token));
            rand(100); // disturb the global RNG: resume must restore it

            using var resumed = Model(99);
            var trainer = new AdversarialTrainer(resumed, options);
            Assert.True(trainer.TryResume(dir));
            Assert.Equal((1, 4L, 1), (trainer.Epoch, trainer.Step, trainer.StepInEpoch));
            trainer.Train(_ => data, dir);
            Assert.Equal(6L, trainer.Step);

            AssertSameParameters(straight, resumed);
        }
        finally
        {
            DeleteFolder(dir);
        }
    }

    /// <summary>
    /// A crash before any one file-system step of any checkpoint save (mid-epoch and end-of-epoch ones, every step
    /// enumerated) leaves a loadable checkpoint, and resuming from it reproduces the uninterrupted training.
    /// </summary>
    [Fact]
    public void Resume_AfterACrashAtAnyCheckpointStep_ReproducesUninterruptedTraining()
    {
        using var scope = NewDisposeScope();
        var data = Data(21);
        var options = new ClassifierTrainingOptions(2, SmallPaper with { Attack = SmallPaper.Attack! with { RandomStart = true } }, LearningRate: 0.05, CheckpointEvery: 2);
        string root = Path.Combine(Path.GetTempPath(), "pl-attacks-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            var steps = new List<string>();
            using var straight = Model(22);
            manual_seed(23);
            new AdversarialTrainer(straight, options) { BeforeCheckpointStep = CrashInjection.Record(steps) }.Train(_ => data, Path.Combine(root, "straight"));
            Assert.True(steps.Count > CrashInjection.FirstSaveSteps(steps));

            for (int k = 1; k <= steps.Count; k++)
            {
                string dir = Path.Combine(root, $"crash-{k}");
                using (var crashedModel = Model(22))
                {
                    manual_seed(23);
                    var crashed = new AdversarialTrainer(crashedModel, options) { BeforeCheckpointStep = CrashInjection.CrashBefore(k) };
                    Assert.Throws<SimulatedCrashException>(() => crashed.Train(_ => data, dir));
                }

                rand(100); // disturb the global RNG: a resume must restore it
                using var resumed = Model(22); // the initial weights, for a crash before the first checkpoint was complete
                manual_seed(23);
                var trainer = new AdversarialTrainer(resumed, options);
                bool fromCheckpoint = trainer.TryResume(dir);
                Assert.True(fromCheckpoint || k <= CrashInjection.FirstSaveSteps(steps), $"crash before {steps[k - 1]}: no checkpoint left");
                trainer.Train(_ => data, dir);
                Assert.Equal(6L, trainer.Step);
                AssertSameParameters(straight, resumed);
                Assert.Equal(new[] { $"crash-{k}" }, Directory.GetDirectories(root, $"crash-{k}*").Select(Path.GetFileName));
            }
        }
        finally
        {
            DeleteFolder(root);
        }
    }

    [Fact]
    public void Options_Reject_InvalidValues()
    {
        Assert.Throws<ArgumentException>(() => new AdversarialTrainingOptions(null, 1.0, 0.0, 0.0).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTrainingOptions(null, -1.0, 1.0, 0.0).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassifierTrainingOptions(0, AdversarialTrainingOptions.None).Validate());
        Assert.Equal(5, AdversarialTrainingOptions.Paper.Attack!.Steps);
        Assert.Equal(5.82, AdversarialTrainingOptions.Paper.Attack.Epsilon);
        Assert.Equal(2.5 * 5.82 / 5, AdversarialTrainingOptions.Paper.Attack.StepSize, 12);
        Assert.Equal(0.5, AdversarialTrainingOptions.Paper.LogitPairingWeight);
    }

    private static void AssertSameParameters(nn.Module<Tensor, Tensor> expected, nn.Module<Tensor, Tensor> actual)
    {
        foreach (var (a, b) in expected.parameters().Zip(actual.parameters()))
        {
            Assert.True((a - b).abs().max().item<float>() < 1e-6);
        }
    }

    private static void DeleteFolder(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
