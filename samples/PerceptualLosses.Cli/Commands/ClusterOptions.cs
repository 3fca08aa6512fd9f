using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Cluster;
using PerceptualLosses.Study.Pipeline;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// The study's cluster options: <c>--shard auto</c> with <c>--shards N</c>, and <c>--emit slurm|k8s DIR</c> with the
/// scheduler settings it passes through.
/// </summary>
internal sealed class ClusterOptions
{
    private readonly Option<int?> shards = new("--shards") { Description = "Number of shards: with --shard auto, the count the engine's array must have (needed for Kubernetes); with --emit, how many to emit (default: one per work unit)." };
    private readonly Option<string[]> emit = new("--emit") { Description = "slurm|k8s DIR: write the study as cluster jobs into DIR (Slurm array + merge with --dependency=afterok; Kubernetes indexed Job + merge Job), run nothing.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
    private readonly Option<string> layout = new("--layout") { Description = "--emit: shared (one output folder on a shared filesystem) | per-shard (<out>/shards/k each, merged at the end).", DefaultValueFactory = _ => ClusterNames.Layout.Name(ShardLayout.Shared) };
    private readonly Option<string> gres = new("--gres") { Description = "--emit: generic resources per shard (Slurm --gres; Kubernetes nvidia.com/gpu), e.g. gpu:1, gpu:a100:1, or none.", DefaultValueFactory = _ => "gpu:1" };
    private readonly Option<string?> time = new("--time") { Description = "--emit: time limit per task, Slurm syntax (e.g. 2-00:00:00)." };
    private readonly Option<string?> memory = new("--mem") { Description = "--emit: memory per task, Slurm syntax (e.g. 32G)." };
    private readonly Option<string?> partition = new("--partition") { Description = "--emit slurm: partition." };
    private readonly Option<int?> cpus = new("--cpus-per-task") { Description = "--emit: CPUs per task (also the shards' --threads unless given)." };
    private readonly Option<string[]> sbatch = new("--sbatch") { Description = "--emit slurm: further #SBATCH options as name=value (repeatable), e.g. account=proj42.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<int?> parallelism = new("--parallelism") { Description = "--emit k8s: pods running at once (default: every shard)." };
    private readonly Option<string?> image = new("--image") { Description = "--emit k8s: container image with the perceptual CLI." };
    private readonly Option<string> volumeClaim = new("--volume-claim") { Description = "--emit k8s: PersistentVolumeClaim with data, weights and output (ReadWriteMany).", DefaultValueFactory = _ => "perceptual-study" };
    private readonly Option<string> volumePath = new("--volume-path") { Description = "--emit k8s: where the claim is mounted in the pods.", DefaultValueFactory = _ => "/data" };
    private readonly Option<int> retries = new("--retries") { Description = "--emit k8s: retries per shard (backoffLimitPerIndex).", DefaultValueFactory = _ => 3 };
    private readonly Option<string?> jobName = new("--job-name") { Description = "--emit: job name (default perceptual-study)." };
    private readonly Option<string?> cli = new("--cli") { Description = "--emit: the command that runs this CLI in a job (default: as run now for Slurm, `perceptual` for Kubernetes)." };

    public ClusterOptions()
    {
        layout.AcceptOnlyFromAmong(ClusterNames.Layout.Names.ToArray());
    }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { shards, emit, layout, gres, time, memory, partition, cpus, sbatch, parallelism, image, volumeClaim, volumePath, retries, jobName, cli })
        {
            command.Options.Add(option);
        }
    }

    public bool Emits(ParseResult parse) => parse.GetValue(emit) is { Length: > 0 };

    /// <summary>The shard of this process: <c>i/n</c> or <c>auto</c> (from Slurm or Kubernetes), checked against the plan.</summary>
    public ShardAssignment ResolveShard(ParseResult parse, string text, StudyPlan plan)
    {
        var assignment = ShardEnvironment.Resolve(text, parse.GetValue(shards));
        plan.CheckShardCount(assignment.Shard.Count);
        return assignment;
    }

    /// <summary>Writes the study as cluster jobs and prints what was written.</summary>
    public int Emit(ParseResult parse, StudyConfiguration configuration, string outDir, bool force, string device, int threads, bool json, string verb)
    {
        var values = parse.GetValue(emit)!;
        var engine = ClusterNames.ParseEngine(values[0]);
        string folder = values[1];
        bool slurm = engine == ClusterEngine.Slurm;
        var options = new ClusterJobOptions
        {
            JobName = parse.GetValue(jobName) ?? "perceptual-study",
            Layout = ClusterNames.Layout.Parse(parse.GetValue(layout)),
            Gres = ClusterJobOptions.ReadGres(parse.GetValue(gres)),
            Time = parse.GetValue(time),
            Memory = parse.GetValue(memory),
            Partition = parse.GetValue(partition),
            CpusPerTask = parse.GetValue(cpus),
            SbatchOptions = parse.GetValue(sbatch) ?? Array.Empty<string>(),
            Parallelism = parse.GetValue(parallelism),
            Image = parse.GetValue(image),
            VolumeClaim = parse.GetValue(volumeClaim)!,
            VolumePath = parse.GetValue(volumePath)!,
            Retries = parse.GetValue(retries),
        };
        var command = parse.GetValue(cli) is string line
            ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : slurm ? DefaultCli() : new[] { "perceptual" };
        var emitted = ClusterEmission.Write(
            engine, configuration, outDir, folder, command, parse.GetValue(shards), device, threads, options, force);
        Output.Write(new Dictionary<string, object?>
        {
            ["engine"] = ClusterNames.Engine.Name(engine),
            ["directory"] = emitted.JobFolder,
            ["files"] = emitted.Files,
            ["shards"] = emitted.Shards,
            ["work_units"] = emitted.WorkUnits,
            ["layout"] = ClusterNames.Layout.Name(options.Layout),
            ["output"] = emitted.Output,
            ["submit"] = emitted.Submit,
            ["notes"] = emitted.Notes,
        }, json, $"perceptual {verb} --emit {ClusterNames.Engine.Name(engine)}");
        return 0;
    }

    /// <summary>This CLI as it runs now: its apphost, or the dotnet host and its assembly (also when hosted by another program, as in tests).</summary>
    private static string[] DefaultCli()
    {
        string? process = Environment.ProcessPath;
        bool dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet";
        if (!dotnet && process is not null && System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "perceptual")
        {
            return new[] { process };
        }

        string host = dotnet ? process! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return new[] { host, Path.Combine(AppContext.BaseDirectory, "perceptual.dll") };
    }
}
