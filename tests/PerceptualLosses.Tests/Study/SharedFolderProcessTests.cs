using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study;

/// <summary>
/// Separate <c>perceptual study</c> processes on one output folder, as shards on a shared filesystem and a requeued task
/// next to its predecessor are: both shards need both Gatys-normalised loss networks, shard 1/2 runs twice at once, and
/// a second 2/2 is killed in the middle of its work. Every stage is run by exactly one survivor, nothing is left half
/// done, and the tables equal those of one process.
/// </summary>
public sealed class SharedFolderProcessTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-shared-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string DotnetHost()
    {
        string? process = Environment.ProcessPath;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet");
    }

    private Process Start(string shard, string output)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test output's deps file places native assets by runtime (runtimes/<rid>/native); the CLI, built for one
        // runtime, expects them beside perceptual.dll: run it with the test output's deps file.
        foreach (string argument in new[]
        {
            "exec", "--depsfile", Path.Combine(AppContext.BaseDirectory, "PerceptualLosses.Tests.deps.json"),
            "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "perceptual.runtimeconfig.json"),
            Path.Combine(AppContext.BaseDirectory, "perceptual.dll"), "study", "--preset", "demo", "--config", Path.Combine(root, "study.json"),
            "--out", output, "--shard", shard, "--device", "cpu", "--threads", "1", "--json",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // Not under any job engine, whatever runs the tests.
        start.Environment.Remove("SLURM_ARRAY_TASK_ID");
        start.Environment.Remove("JOB_COMPLETION_INDEX");
        return Process.Start(start)!;
    }

    private static (int Code, string Out, string Error) Finish(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "a study process did not finish in 10 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The JSON result a `study --json` process printed after its progress lines.</summary>
    private static string[] StagesRun(string output)
    {
        int start = output.IndexOf("\n{", StringComparison.Ordinal) + 1;
        using var json = JsonDocument.Parse(output[start..]);
        return json.RootElement.GetProperty("stages_run").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    [Fact]
    public void ShardsSharingAFolder_WithARequeuedTwinAndAKilledOne_RunEveryStageOnce_AndGiveTheOneProcessTables()
    {
        var configuration = StudyPipelineTests.Reduced() with { Classifiers = null };
        File.WriteAllText(Path.Combine(root, "study.json"), StageStore.Serialize(configuration));
        string shared = Path.Combine(root, "shared"), single = Path.Combine(root, "single");

        var survivors = new[] { Start("1/2", shared), Start("2/2", shared), Start("1/2", shared) };
        var doomed = Start("2/2", shared);
        var reference = Start("1/1", single);
        var doomedOutput = doomed.StandardOutput.ReadToEndAsync(); // drained, so it never blocks on a full pipe
        var doomedError = doomed.StandardError.ReadToEndAsync();
        // Killed as soon as the shards are at work on the loss networks (the first stages every shard needs).
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!Directory.Exists(Path.Combine(shared, "loss-networks")) && DateTime.UtcNow < deadline && !doomed.HasExited)
        {
            Thread.Sleep(20);
        }

        doomed.Kill(entireProcessTree: true);
        doomed.WaitForExit();

        var results = survivors.Select(Finish).ToArray();
        var one = Finish(reference);
        foreach (var (code, _, error) in results.Append(one))
        {
            Assert.True(code == 0, $"a study process exited {code}: {error}");
        }

        var ran = results.SelectMany(r => StagesRun(r.Out)).ToList();
        var plan = new StudyPlan(configuration);
        Assert.Equal(ran.Distinct().Count(), ran.Count); // no stage ran twice, not even the loss networks both shards need
        foreach (var stage in plan.Stages)
        {
            Assert.True(Directory.Exists(Path.Combine(shared, stage.Name)), $"{stage.Name} is not complete");
        }

        var leftovers = Directory.EnumerateFileSystemEntries(shared, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(shared, p))
            .Where(p => p.EndsWith(StageStore.PartialSuffix, StringComparison.Ordinal) || (p.EndsWith(StageStore.LockSuffix, StringComparison.Ordinal) && p != StageStore.ConfigurationLockFile))
            .ToArray();
        // The killed process may have died holding a stage; a survivor then took it over and published it.
        Assert.True(leftovers.Length == 0, "left behind: " + string.Join(", ", leftovers));

        foreach (string file in new[] { "table2.csv", "table2.md", "evaluation.csv" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(single, StudyPlan.ReportStage, file)), File.ReadAllText(Path.Combine(shared, StudyPlan.ReportStage, file)));
        }

        GC.KeepAlive(new List<Task> { doomedOutput, doomedError });
    }
}
