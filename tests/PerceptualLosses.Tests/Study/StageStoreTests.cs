using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study;

/// <summary>
/// A stage folder shared by several runners (each with its own <see cref="StageStore"/> and lock-file handle, as separate
/// processes have): a stage runs once, a waiter takes over an interrupted stage and resumes its working folder, and
/// the configuration check never sees a half-written file.
/// </summary>
public sealed class StageStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly string root = Directory.CreateTempSubdirectory("pl-stages-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private StageStore Store(Action<string>? waiting = null) => new(root, "{\"study\": 1}", force: false, waiting) { PollInterval = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task Run_WhileAnotherRunnerHoldsTheStage_WaitsAndThenFindsItComplete()
    {
        using var inside = new ManualResetEventSlim();
        using var finish = new ManualResetEventSlim();
        using var told = new ManualResetEventSlim();
        int runs = 0;
        var first = Task.Run(() => Store().Run("loss-networks/vgg19", folder =>
        {
            Interlocked.Increment(ref runs);
            File.WriteAllText(Path.Combine(folder, "vgg19.pth"), "first");
            inside.Set();
            Assert.True(finish.Wait(Timeout));
        }));
        Assert.True(inside.Wait(Timeout));

        string? message = null;
        var second = Task.Run(() => Store(m => { message = m; told.Set(); }).Run("loss-networks/vgg19", folder =>
        {
            Interlocked.Increment(ref runs);
            File.WriteAllText(Path.Combine(folder, "vgg19.pth"), "second");
        }));
        Assert.True(told.Wait(Timeout), "the second runner did not report waiting");
        Assert.False(second.IsCompleted);
        Assert.Contains("loss-networks/vgg19 is being run by another process", message, StringComparison.Ordinal);

        finish.Set();
        Assert.True(await first.WaitAsync(Timeout));
        Assert.False(await second.WaitAsync(Timeout));
        Assert.Equal(1, runs);
        Assert.Equal("first", File.ReadAllText(Path.Combine(root, "loss-networks", "vgg19", "vgg19.pth")));
        Assert.Equal(new[] { "vgg19" }, Directory.GetFileSystemEntries(Path.Combine(root, "loss-networks")).Select(Path.GetFileName)); // no .partial, no .lock
    }

    [Fact]
    public async Task Run_AfterTheHolderDied_TakesOverAndResumesItsWorkingFolder()
    {
        using var inside = new ManualResetEventSlim();
        using var die = new ManualResetEventSlim();
        var first = Task.Run(() => Store().Run("models/E-seed0", folder =>
        {
            File.WriteAllText(Path.Combine(folder, "checkpoint"), "step 2");
            inside.Set();
            Assert.True(die.Wait(Timeout));
            throw new OperationCanceledException("killed"); // its lock goes as a killed process's does
        }));
        Assert.True(inside.Wait(Timeout));

        string? found = null;
        var second = Task.Run(() => Store().Run("models/E-seed0", folder =>
        {
            found = File.ReadAllText(Path.Combine(folder, "checkpoint"));
            File.WriteAllText(Path.Combine(folder, "enhancenet.pth"), "done");
        }));
        await Task.Delay(200);
        Assert.False(second.IsCompleted); // still waiting for the holder
        die.Set();
        await Assert.ThrowsAsync<OperationCanceledException>(() => first.WaitAsync(Timeout));

        Assert.True(await second.WaitAsync(Timeout));
        Assert.Equal("step 2", found);
        Assert.True(File.Exists(Path.Combine(root, "models", "E-seed0", "enhancenet.pth")));
    }

    [Fact]
    public void Constructor_ManyRunnersOpeningTheFolderAtOnce_AllSeeTheSameConfiguration()
    {
        var errors = new ConcurrentBag<Exception>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            try
            {
                Store();
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e);
            }
        });

        Assert.Empty(errors);
        Assert.Equal("{\"study\": 1}", File.ReadAllText(Path.Combine(root, StageStore.ConfigurationFile)));
        Assert.Throws<InvalidOperationException>(() => new StageStore(root, "{\"study\": 2}", force: false));
    }
}
