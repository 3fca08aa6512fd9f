using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Study.Pipeline;
using PerceptualLosses.Tests.Study;
using Xunit;

namespace PerceptualLosses.Tests.Cli;

/// <summary>The cluster contracts of <c>perceptual study</c> and <c>merge</c>: <c>--shard auto</c>, <c>--emit</c>, an early merge.</summary>
[Collection(CliTests.Name)]
public sealed class ClusterCliTests : IDisposable
{
    private static readonly string[] EngineVariables = { "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_STEP", "SLURM_JOB_ID", "JOB_COMPLETION_INDEX" };
    private readonly string root = Directory.CreateTempSubdirectory("pl-cluster-cli-").FullName;
    private readonly string?[] saved = EngineVariables.Select(Environment.GetEnvironmentVariable).ToArray();

    public ClusterCliTests()
    {
        foreach (string name in EngineVariables)
        {
            Environment.SetEnvironmentVariable(name, null); // whatever engine runs the tests
        }
    }

    public void Dispose()
    {
        for (int i = 0; i < EngineVariables.Length; i++)
        {
            Environment.SetEnvironmentVariable(EngineVariables[i], saved[i]);
        }

        Directory.Delete(root, recursive: true);
    }

    private static (int Code, string Out, string Error) Run(params string[] args) => CliRunner.Run(args);

    private string Path(string name) => System.IO.Path.Combine(root, name);

    [Fact]
    public void ShardAuto_UnderASlurmArray_ReportsTheShardAndItsSource()
    {
        Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_ID", "2");
        Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_MIN", "0");
        Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_MAX", "2");
        Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_COUNT", "3");

        var (code, output, error) = Run("demo", "--dry-run", "--json", "--shard", "auto", "--shards", "3", "--out", Path("demo"));

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("3/3", json.RootElement.GetProperty("shard").GetString());
        Assert.StartsWith("3/3 from slurm (SLURM_ARRAY_TASK_ID=2 in 0-2", json.RootElement.GetProperty("shard_source").GetString(), StringComparison.Ordinal);

        // An array of another size than the plan's --shards is refused.
        var (mismatch, _, message) = Run("demo", "--dry-run", "--shard", "auto", "--shards", "4", "--out", Path("demo"));
        Assert.Equal(2, mismatch);
        Assert.Contains("planned with --shards 4", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--shard", "auto" }, "found no job engine")]
    [InlineData(new[] { "--shard", "2/3", "--shards", "4" }, "--shards says 4")]
    [InlineData(new[] { "--shard", "1/13" }, "12 work unit(s)")]
    [InlineData(new[] { "--shard", "auto", "--shards", "0" }, "--shards must be >= 1; got 0.")] // the library says shardCount
    [InlineData(new[] { "--shard", "auto" }, "--shard 'auto' found no job engine")] // the library says shard
    public void Shard_BadInput_IsOneParagraphAndExit2(string[] options, string message)
    {
        var (code, output, error) = Run(new[] { "demo", "--dry-run", "--out", Path("demo") }.Concat(options).ToArray());
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
        Assert.Empty(output);
    }

    [Fact]
    public void EmitSlurm_WritesTheJobs_AndRefusesANonEmptyFolderUnlessForced()
    {
        string jobs = Path("jobs");
        string[] args = { "demo", "--losses", "E,EP", "--out", Path("out"), "--emit", "slurm", jobs, "--shards", "3", "--gres", "none", "--mem", "2G", "--json" };

        var (code, output, error) = Run(args);

        Assert.True(code == 0, error);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(3, json.RootElement.GetProperty("shards").GetInt32());
            Assert.Equal(4, json.RootElement.GetProperty("work_units").GetInt32());
        }

        string shards = File.ReadAllText(System.IO.Path.Combine(jobs, "shards.sbatch"));
        Assert.Contains("#SBATCH --array=0-2\n", shards, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --mem=2G\n", shards, StringComparison.Ordinal);
        Assert.DoesNotContain("--gres", shards, StringComparison.Ordinal);
        Assert.Contains("perceptual.dll study --preset demo --config ", shards, StringComparison.Ordinal);
        // The configuration the jobs read is the study's, with every path absolute.
        var written = JsonSerializer.Deserialize<StudyConfiguration>(File.ReadAllText(System.IO.Path.Combine(jobs, "study.json")))!;
        Assert.Equal(new[] { "E", "EP" }, written.Losses);
        Assert.True(System.IO.Path.IsPathRooted(written.TrainImages));
        Assert.True(Directory.Exists(System.IO.Path.Combine(jobs, "logs")));

        var (again, _, refusal) = Run(args);
        Assert.Equal(2, again);
        Assert.Contains("not empty", refusal, StringComparison.Ordinal);
        Assert.Contains("--emit folder '", refusal, StringComparison.Ordinal); // the library names jobFolder and replaceFiles
        Assert.Contains("or set --force to replace", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("replaceFiles", refusal, StringComparison.Ordinal);
        Assert.Equal(0, Run(args.Append("--force").ToArray()).Code);
    }

    [Theory]
    [InlineData(new[] { "--emit", "k8s", "J" }, "needs --image")]
    [InlineData(new[] { "--emit", "pbs", "J" }, "slurm or k8s")]
    [InlineData(new[] { "--emit", "slurm", "J", "--shards", "13" }, "12 work unit(s)")]
    [InlineData(new[] { "--emit", "slurm", "J", "--time", "2 days" }, "--time '2 days'")]
    [InlineData(new[] { "--emit", "slurm", "J", "--shard", "1/2" }, "leave out --shard")]
    [InlineData(new[] { "--emit", "slurm", "J", "--train", "/nowhere" }, "The jobs would fail")]
    [InlineData(new[] { "--emit", "slurm", "J", "--sbatch", "account x" }, "--sbatch 'account x' must be name=value")] // the library names SbatchOptions
    [InlineData(new[] { "--emit", "slurm", "J", "--mem", "32GB" }, "--mem '32GB' is not a Slurm memory size")]
    [InlineData(new[] { "--emit", "slurm", "J", "--cpus-per-task", "0" }, "--cpus-per-task must be >= 1; got 0.")]
    [InlineData(new[] { "--emit", "k8s", "J", "--image", "i", "--retries", "-1" }, "--retries must be >= 0; got -1.")]
    [InlineData(new[] { "--emit", "k8s", "J", "--image", "i", "--volume-path", "data" }, "--volume-path 'data' must be an absolute path")]
    public void Emit_BadInput_IsOneParagraphAndExit2(string[] options, string message)
    {
        var args = new[] { "demo", "--out", Path("out") }.Concat(options.Select(o => o == "J" ? Path("j") : o)).ToArray();
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path("j/shards.sbatch")) || File.Exists(Path("j/study.yaml")));
    }

    [Fact]
    public void EmitK8s_WritesTheIndexedJobAndTheMergeJob()
    {
        var (code, output, error) = Run("demo", "--losses", "E", "--no-classifiers", "--out", "/data/out/demo", "--emit", "k8s", Path("k8s"), "--image", "example/perceptual:cpu", "--gres", "none", "--json");

        Assert.True(code == 0, error);
        string job = File.ReadAllText(Path("k8s/study.yaml"));
        Assert.Contains("completions: 2\n", job, StringComparison.Ordinal); // E-seed0 and bicubic
        Assert.Contains("image: \"example/perceptual:cpu\"", job, StringComparison.Ordinal);
        Assert.True(File.Exists(Path("k8s/merge.yaml")));
        using var json = JsonDocument.Parse(output);
        Assert.Contains(json.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("TrainImages", StringComparison.Ordinal)); // the demo's paths are not on the volume
    }

    [Fact]
    public void EmitK8s_WithARelativeOut_NamesTheOptions_Exit2()
    {
        // KubernetesJobs names Output and VolumePath; the CLI says --out and --volume-path.
        var (code, _, error) = Run("demo", "--losses", "E", "--no-classifiers", "--out", "out/demo", "--emit", "k8s", Path("k8s"), "--image", "i", "--gres", "none");

        Assert.Equal(2, code);
        Assert.Contains("--out 'out/demo' must be an absolute path in the containers (under --volume-path /data).", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path("k8s/study.yaml")));
    }

    [Fact]
    public void Merge_BeforeEveryShardFinished_NamesTheMissingStages_Exits2_AndMergesNothing()
    {
        string config = Path("study.json");
        File.WriteAllText(config, StageStore.Serialize(StudyPipelineTests.Reduced() with { Classifiers = null, Normalization = null, Losses = new[] { "E" }, Steps = 2 }));
        string first = Path("s1"), second = Path("s2");
        var (code, _, error) = Run("study", "--config", config, "--shard", "1/2", "--out", first, "--json");
        Assert.True(code == 0, error);
        Directory.CreateDirectory(second);
        File.Copy(System.IO.Path.Combine(first, StageStore.ConfigurationFile), System.IO.Path.Combine(second, StageStore.ConfigurationFile));
        Directory.CreateDirectory(System.IO.Path.Combine(second, "models", "E-seed0.partial")); // shard 2/2 is training

        var (merge, output, message) = Run("merge", "--out", Path("merged"), "--from", first, second, "--json");

        Assert.Equal(2, merge);
        Assert.Contains("nothing was merged", message, StringComparison.Ordinal);
        Assert.Contains("models/E-seed0 (in progress or interrupted)", message, StringComparison.Ordinal);
        Assert.Contains("evaluation/E-seed0", message, StringComparison.Ordinal);
        Assert.DoesNotContain("evaluation/bicubic", message, StringComparison.Ordinal); // shard 1/2's, complete
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("stages_missing").GetArrayLength());
        Assert.False(Directory.Exists(Path("merged")) && Directory.EnumerateFileSystemEntries(Path("merged")).Any(), "the early merge wrote something");

        // Merging the one folder alone (the shared-folder layout) says the same.
        var (alone, _, aloneMessage) = Run("merge", "--out", first);
        Assert.Equal(2, alone);
        Assert.Contains("models/E-seed0", aloneMessage, StringComparison.Ordinal);
        Assert.False(Directory.Exists(System.IO.Path.Combine(first, StudyPlan.ReportStage)));
    }
}
