using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using PerceptualLosses.Data;
using PerceptualLosses.Losses;
using PerceptualLosses.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Tests.Training;

public sealed class SuperResolutionTrainerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-train-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Deterministic stream: batch n is a function of (seed, n) only, so its state is the counter.</summary>
    private sealed class CountingBatches : ISuperResolutionBatchSource
    {
        private long counter;

        public (Tensor LowResolution, Tensor HighResolution) NextBatch()
        {
            using var generator = new Generator((ulong)(1000 + counter++));
            var hr = rand(new long[] { 2, 3, 16, 16 }, generator: generator);
            return (nn.functional.avg_pool2d(hr, 2), hr);
        }

        public string SaveState() => counter.ToString(CultureInfo.InvariantCulture);

        public void RestoreState(string state) => counter = long.Parse(state, CultureInfo.InvariantCulture);
    }

    /// <summary>Pixel MSE that <paramref name="poison"/> changes after a number of good steps.</summary>
    private sealed class PoisonedAfter : IPerceptualLoss
    {
        private readonly int goodSteps;
        private readonly Func<Tensor, Tensor, Tensor> poison;
        private int calls;

        public PoisonedAfter(int goodSteps, Func<Tensor, Tensor, Tensor> poison) => (this.goodSteps, this.poison) = (goodSteps, poison);

        /// <summary>The loss itself becomes NaN.</summary>
        public static PoisonedAfter NanLoss(int goodSteps) => new(goodSteps, (value, _) => value * double.NaN);

        /// <summary>The loss stays finite but its gradient is NaN: √0 has an infinite derivative, times the outer 0.</summary>
        public static PoisonedAfter NanGradient(int goodSteps) => new(goodSteps, (value, prediction) => value + (prediction * 0).sqrt().sum() * 0);

        public LossResult Compute(Tensor prediction, Tensor target)
        {
            var value = PixelLoss.Compute(prediction, target);
            if (++calls > goodSteps)
            {
                value = poison(value, prediction);
            }

            return new LossResult(value, new[] { new LossTermValue("E", 1, value) });
        }
    }

    private static Module<Tensor, Tensor> TinyGenerator()
    {
        var module = Sequential(Conv2d(3, 8, 3, padding: 1), ReLU(), Upsample(scale_factor: new double[] { 2, 2 }, mode: UpsampleMode.Nearest), Conv2d(8, 3, 3, padding: 1));
        // A local generator: tests run in parallel and share torch's global one.
        using var generator = new Generator(42);
        using var noGrad = no_grad();
        foreach (var p in module.parameters())
        {
            p.copy_(randn(p.shape, generator: generator) * 0.1);
        }

        return module;
    }

    private SuperResolutionTrainer Trainer(Module<Tensor, Tensor> generator, string folder, int steps, IPerceptualLoss? loss = null, string fingerprint = "tiny/E") =>
        new(generator, loss ?? new CompositePerceptualLoss(LossSpec.Parse("E")), new CountingBatches(),
            Array.Empty<(Tensor, Tensor)>(), new Dictionary<string, Func<Tensor, Tensor, double>>(),
            new SuperResolutionTrainingOptions(steps, LearningRate: 1e-3, CheckpointEvery: 4, LogEvery: 1),
            Path.Combine(root, folder), fingerprint);

    private static float[] Weights(Module<Tensor, Tensor> module) =>
        module.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    [Fact]
    public void Run_InterruptedThenResumed_EqualsUninterruptedRun()
    {
        var straight = TinyGenerator();
        Assert.Equal(12, Trainer(straight, "straight", 12).Run(resume: false));

        var interrupted = TinyGenerator();
        using var cancel = new CancellationTokenSource();
        var stopAtSix = new SynchronousProgress(p => { if (p.Step == 6) { cancel.Cancel(); } });
        Assert.Equal(6, Trainer(interrupted, "resumed", 12).Run(resume: false, stopAtSix, cancel.Token));

        var resumed = TinyGenerator(); // fresh weights: everything must come from the checkpoint of step 4
        Assert.Equal(12, Trainer(resumed, "resumed", 12).Run(resume: true));

        Assert.Equal(Weights(straight), Weights(resumed));
        var log = File.ReadAllLines(Path.Combine(root, "resumed", "log.csv"));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i.ToString(CultureInfo.InvariantCulture)), log.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(File.ReadAllLines(Path.Combine(root, "straight", "log.csv")), log);
    }

    /// <summary>
    /// A crash before any one file-system step of any checkpoint save (every step enumerated) leaves a loadable checkpoint,
    /// never loses the previous one, leaves no temporary folders after the resume, and the resumed run ends exactly where an
    /// uninterrupted one does (weights and log).
    /// </summary>
    [Fact]
    public void Run_CrashedAtAnyCheckpointStep_ResumesToTheUninterruptedResult()
    {
        var straight = TinyGenerator();
        var steps = new List<string>();
        var reference = Trainer(straight, "crash-straight", 8);
        reference.BeforeCheckpointStep = CrashInjection.Record(steps);
        Assert.Equal(8, reference.Run(resume: false));
        int firstSave = CrashInjection.FirstSaveSteps(steps);
        Assert.True(steps.Count > firstSave, "two checkpoints (steps 4 and 8) were expected");

        for (int k = 1; k <= steps.Count; k++)
        {
            string folder = $"crash-{k}";
            var crashed = Trainer(TinyGenerator(), folder, 8);
            crashed.BeforeCheckpointStep = CrashInjection.CrashBefore(k);
            Assert.Throws<SimulatedCrashException>(() => crashed.Run(resume: false));

            var resumed = TinyGenerator();
            int stepsRun = 0;
            Assert.Equal(8, Trainer(resumed, folder, 8).Run(resume: true, new SynchronousProgress(_ => stepsRun++)));

            Assert.True(Weights(straight).SequenceEqual(Weights(resumed)), $"crash before step {k} ({steps[k - 1]}): weights differ");
            Assert.Equal(File.ReadAllLines(Path.Combine(root, "crash-straight", "log.csv")), File.ReadAllLines(Path.Combine(root, folder, "log.csv")));
            if (k > firstSave)
            {
                Assert.True(stepsRun <= 4, $"crash before step {k} ({steps[k - 1]}): the checkpoint of step 4 was lost ({stepsRun} steps rerun)");
            }

            Assert.Equal(new[] { SuperResolutionTrainer.CheckpointFolder }, Directory.GetDirectories(Path.Combine(root, folder)).Select(Path.GetFileName));
        }
    }

    /// <summary>A checkpoint folder as written before the shared checkpoint (state.json with Step, Fingerprint, TorchRng, BatchState; no manifest) still resumes.</summary>
    [Fact]
    public void Run_ResumesALegacyCheckpoint()
    {
        var straight = TinyGenerator();
        Trainer(straight, "legacy-straight", 8).Run(resume: false);

        var first = Trainer(TinyGenerator(), "legacy", 4);
        first.Run(resume: false);
        string statePath = Path.Combine(first.CheckpointDirectory, "state.json");
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(statePath)))
        {
            var m = manifest.RootElement;
            File.WriteAllText(statePath, System.Text.Json.JsonSerializer.Serialize(new
            {
                Step = m.GetProperty("Step").GetInt32(),
                Fingerprint = m.GetProperty("Fingerprint").GetString(),
                TorchRng = m.GetProperty("TorchRng").GetString(),
                BatchState = m.GetProperty("State").GetProperty("BatchState").GetString(),
            }));
        }

        var resumed = TinyGenerator();
        Assert.Equal(8, Trainer(resumed, "legacy", 8).Run(resume: true));
        Assert.Equal(Weights(straight), Weights(resumed));
        Assert.Throws<InvalidOperationException>(() => Trainer(TinyGenerator(), "legacy", 12, fingerprint: "tiny/EPT").Run(resume: true));
    }

    [Fact]
    public void Run_RefusesACheckpointWhoseFilesChangedAfterWriting()
    {
        var first = Trainer(TinyGenerator(), "damaged", 4);
        first.Run(resume: false);
        string model = Path.Combine(first.CheckpointDirectory, "model.bin");
        var bytes = File.ReadAllBytes(model);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(model, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Trainer(TinyGenerator(), "damaged", 8).Run(resume: true));
        Assert.Contains("model.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StopsOnNaNLoss_AndKeepsTheLastGoodCheckpoint()
    {
        var generator = TinyGenerator();
        var trainer = Trainer(generator, "nan", 12, PoisonedAfter.NanLoss(goodSteps: 5));

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(resume: false));

        Assert.Equal(6, error.Step);
        Assert.Equal(trainer.CheckpointDirectory, error.LastCheckpoint);
        string state = File.ReadAllText(Path.Combine(trainer.CheckpointDirectory, "state.json"));
        Assert.Contains("\"Step\":4", state, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnANaNLoss_DoesNotApplyThatStepsUpdate()
    {
        // The loss is read back after backward is queued (no device idle between forward and backward); the optimizer
        // step of a non-finite loss must still not run: the weights are those after the last good step.
        var poisoned = TinyGenerator();
        Assert.Throws<TrainingDivergedException>(() => Trainer(poisoned, "nan-weights", 12, PoisonedAfter.NanLoss(goodSteps: 5)).Run(resume: false));
        var good = TinyGenerator();
        Assert.Equal(5, Trainer(good, "five-good", 5).Run(resume: false));

        Assert.Equal(Weights(good), Weights(poisoned));
    }

    [Fact]
    public void Run_StopsOnNaNWeightsAtACheckpointStep_WithAFiniteLoss_AndWritesNoCheckpoint()
    {
        var trainer = Trainer(TinyGenerator(), "nan-grad", 12, PoisonedAfter.NanGradient(goodSteps: 3));

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(resume: false));

        Assert.Equal(4, error.Step); // the loss of step 4 was finite; its update was not
        Assert.Null(error.LastCheckpoint);
        Assert.Contains("weights", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(trainer.CheckpointDirectory, "state.json")));
    }

    /// <summary>Steady-state memory: what a run leaves alive does not grow with its step count (4 vs 16 steps).</summary>
    [Fact]
    public void Run_LeavesTheSameTensorsBehind_HoweverManySteps()
    {
        long Live(int steps, string folder)
        {
            using var generator = TinyGenerator();
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            Trainer(generator, folder, steps).Run(resume: false);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }

        Live(2, "memory-warm-up");
        long four = Live(4, "memory-4");
        Assert.Equal(four, Live(16, "memory-16"));
    }

    [Fact]
    public void Run_RefusesToResumeACheckpointOfAnotherConfiguration()
    {
        Trainer(TinyGenerator(), "other", 4).Run(resume: false);
        var error = Assert.Throws<InvalidOperationException>(() => Trainer(TinyGenerator(), "other", 8, fingerprint: "tiny/EPT").Run(resume: true));
        Assert.Contains("another configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RefusesToOverwriteACheckpointWithoutResume()
    {
        Trainer(TinyGenerator(), "again", 4).Run(resume: false);
        Assert.Throws<InvalidOperationException>(() => Trainer(TinyGenerator(), "again", 8).Run(resume: false));
    }

    private sealed class SynchronousProgress : IProgress<SuperResolutionTrainingProgress>
    {
        private readonly Action<SuperResolutionTrainingProgress> action;

        public SynchronousProgress(Action<SuperResolutionTrainingProgress> action) => this.action = action;

        public void Report(SuperResolutionTrainingProgress value) => action(value);
    }
}
