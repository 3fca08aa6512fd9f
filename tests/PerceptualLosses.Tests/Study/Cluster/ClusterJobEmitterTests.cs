using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Cluster;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study.Cluster;

/// <summary>
/// The emitted Slurm and Kubernetes files of the paper preset equal the golden examples in docs/cluster/ (which the
/// documentation shows), and the emitter's choices (array size, layout, resources) follow its inputs.
/// To regenerate the golden files after an intended change: <c>PERCEPTUAL_UPDATE_GOLDEN=1 dotnet test --filter ClusterJobEmitterTests</c>.
/// </summary>
public sealed class ClusterJobEmitterTests
{
    /// <summary>The paper preset with its data under /data (paths spelt with '/' on every system).</summary>
    private static StudyConfiguration Paper() => StudyPaths.Map(StudyPresets.Paper("/data"), p => p.Replace('\\', '/'));

    private static ClusterJobRequest Request(string jobDirectory, string[] cli, ClusterJobOptions options, int? shards = null)
    {
        var configuration = Paper();
        return new ClusterJobRequest(StageStore.Serialize(configuration), "paper", "/data/out/paper", jobDirectory, cli,
            shards ?? new StudyPlan(configuration).WorkUnits, "cuda", Threads: 0, options);
    }

    /// <summary>The inputs of docs/cluster/slurm: what `perceptual study --preset paper --data-root /data --out /data/out/paper --device cuda --emit slurm /data/jobs/paper --partition gpu --time 2-00:00:00 --mem 64G --cpus-per-task 8 --sbatch account=my-project` writes when run as /usr/bin/dotnet /opt/perceptual/perceptual.dll.</summary>
    internal static ClusterJobRequest GoldenSlurm() => Request("/data/jobs/paper", new[] { "/usr/bin/dotnet", "/opt/perceptual/perceptual.dll" },
        new ClusterJobOptions { Partition = "gpu", Time = "2-00:00:00", Memory = "64G", CpusPerTask = 8, SbatchOptions = new[] { "account=my-project" } });

    /// <summary>The inputs of docs/cluster/k8s: the same study with `--emit k8s DIR --image ghcr.io/example/perceptual:cuda --time 2-00:00:00 --mem 64G --cpus-per-task 8`.</summary>
    internal static ClusterJobRequest GoldenKubernetes() => Request("/unused", new[] { "perceptual" },
        new ClusterJobOptions { Image = "ghcr.io/example/perceptual:cuda", Time = "2-00:00:00", Memory = "64G", CpusPerTask = 8 });

    private static string Docs(string engine)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "cluster", engine);
            if (Directory.Exists(Path.Combine(dir.FullName, "samples")) && Directory.Exists(Path.Combine(dir.FullName, "docs")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("docs/ not found above the test binaries.");
    }

    [Theory]
    [InlineData("slurm")]
    [InlineData("k8s")]
    public void Emitter_WritesTheGoldenFilesInDocs(string engine)
    {
        var files = engine == "slurm" ? SlurmJobs.Emit(GoldenSlurm()) : KubernetesJobs.Emit(GoldenKubernetes());
        string folder = Docs(engine);
        if (Environment.GetEnvironmentVariable("PERCEPTUAL_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var file in files)
            {
                File.WriteAllText(Path.Combine(folder, file.Name), file.Content);
            }
        }

        foreach (var file in files)
        {
            string path = Path.Combine(folder, file.Name);
            Assert.True(File.Exists(path), $"golden file {path} is missing (PERCEPTUAL_UPDATE_GOLDEN=1 writes it)");
            string golden = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.True(golden == file.Content, $"{file.Name} differs from the golden {path}; if the change is intended, regenerate with PERCEPTUAL_UPDATE_GOLDEN=1.\n--- emitted ---\n{file.Content}");
        }

        Assert.Equal(files.Select(f => f.Name).Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => n != "README.md").Order()!);
    }

    [Fact]
    public void Slurm_ArrayCoversEveryShard_MergeIsChainedAfterOk_AndResourcesPassThrough()
    {
        var files = SlurmJobs.Emit(GoldenSlurm()).ToDictionary(f => f.Name, f => f.Content);
        int shards = new StudyPlan(Paper()).WorkUnits;

        string array = files["shards.sbatch"];
        Assert.Contains($"#SBATCH --array=0-{shards - 1}\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --gres=gpu:1\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --partition=gpu\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --time=2-00:00:00\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --mem=64G\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --account=my-project\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --requeue\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --output=logs/shard-%a.out\n", array, StringComparison.Ordinal);
        Assert.Contains($"--shard auto --shards {shards} --device cuda --threads 8\n", array, StringComparison.Ordinal);
        Assert.Contains("--config /data/jobs/paper/study.json --out /data/out/paper ", array, StringComparison.Ordinal);

        Assert.DoesNotContain("--gres", files["merge.sbatch"], StringComparison.Ordinal); // the merge needs no GPU
        Assert.Contains("#SBATCH --kill-on-invalid-dep=yes\n", files["merge.sbatch"], StringComparison.Ordinal);
        Assert.Contains("merge --out /data/out/paper --device cpu\n", files["merge.sbatch"], StringComparison.Ordinal);
        Assert.Contains("--dependency=afterok:\"$shards\"", files["submit.sh"], StringComparison.Ordinal);
        Assert.Equal(StageStore.Serialize(Paper()) + "\n", files["study.json"]);
    }

    [Fact]
    public void Slurm_PerShardLayout_GivesEachTaskItsFolder_AndTheMergeReadsThemAll()
    {
        var request = GoldenSlurm() with { Shards = 3, Options = GoldenSlurm().Options with { Layout = ShardLayout.PerShard, Gres = null } };
        var files = SlurmJobs.Emit(request).ToDictionary(f => f.Name, f => f.Content);

        Assert.Contains("--out /data/out/paper/shards/\"${SLURM_ARRAY_TASK_ID}\" --shard auto --shards 3", files["shards.sbatch"], StringComparison.Ordinal);
        Assert.DoesNotContain("--gres", files["shards.sbatch"], StringComparison.Ordinal);
        Assert.Contains("merge --out /data/out/paper --from /data/out/paper/shards/{0..2} --device cpu", files["merge.sbatch"], StringComparison.Ordinal);
    }

    [Fact]
    public void Slurm_QuotesPathsWithSpaces()
    {
        var request = GoldenSlurm() with { Output = "/data/my out", Cli = new[] { "/opt/my tools/perceptual" } };
        string script = SlurmJobs.Emit(request).Single(f => f.Name == "shards.sbatch").Content;
        Assert.Contains("exec '/opt/my tools/perceptual' study ", script, StringComparison.Ordinal);
        Assert.Contains("--out '/data/my out' ", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_IndexedJobHasOneCompletionPerShard_AndThePerShardMergeListsEveryFolder()
    {
        var golden = KubernetesJobs.Emit(GoldenKubernetes()).ToDictionary(f => f.Name, f => f.Content);
        int shards = new StudyPlan(Paper()).WorkUnits;
        string job = golden["study.yaml"];
        Assert.Contains("completionMode: Indexed\n", job, StringComparison.Ordinal);
        Assert.Contains($"  completions: {shards}\n  parallelism: {shards}\n", job, StringComparison.Ordinal);
        Assert.Contains("nvidia.com/gpu: 1\n", job, StringComparison.Ordinal);
        Assert.Contains("memory: 64Gi\n", job, StringComparison.Ordinal);
        Assert.Contains("activeDeadlineSeconds: 172800\n", job, StringComparison.Ordinal);
        Assert.Contains($"\"--shard\", \"auto\", \"--shards\", \"{shards}\"", job, StringComparison.Ordinal);
        Assert.Contains("claimName: perceptual-study\n", job, StringComparison.Ordinal);
        // The configuration travels in the ConfigMap, indented under its key, the same text the jobs of Slurm read.
        Assert.Contains(string.Join("\n", StageStore.Serialize(Paper()).Split('\n').Select(l => "    " + l)), job, StringComparison.Ordinal);

        var request = GoldenKubernetes() with { Shards = 3, Options = GoldenKubernetes().Options with { Layout = ShardLayout.PerShard, Parallelism = 2, Gres = null } };
        var perShard = KubernetesJobs.Emit(request).ToDictionary(f => f.Name, f => f.Content);
        Assert.Contains("\"--out\", \"/data/out/paper/shards/$(JOB_COMPLETION_INDEX)\"", perShard["study.yaml"], StringComparison.Ordinal);
        Assert.Contains("  parallelism: 2\n", perShard["study.yaml"], StringComparison.Ordinal);
        Assert.DoesNotContain("nvidia.com/gpu", perShard["study.yaml"], StringComparison.Ordinal);
        Assert.Contains("\"--from\", \"/data/out/paper/shards/0\", \"/data/out/paper/shards/1\", \"/data/out/paper/shards/2\", \"--device\", \"cpu\"", perShard["merge.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RefusesMoreShardsThanWorkUnits()
    {
        var plan = new StudyPlan(Paper());
        plan.CheckShardCount(plan.WorkUnits);
        var error = Assert.Throws<ArgumentException>(() => plan.CheckShardCount(plan.WorkUnits + 1));
        Assert.Contains($"{plan.WorkUnits} work unit(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(34, plan.WorkUnits); // 33 EnhanceNets (E, and five P/T losses × 2 VGG-19s, × 3 seeds) + bicubic
    }
}
