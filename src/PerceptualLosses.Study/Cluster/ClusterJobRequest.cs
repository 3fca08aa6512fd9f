using System.Collections.Generic;
using System.Linq;

namespace PerceptualLosses.Study.Cluster;

/// <summary>What an emitted cluster job runs: the study, where, with which CLI and how many shards.</summary>
/// <param name="ConfigurationJson">The study's configuration (<c>StageStore.Serialize</c>), which every shard and the merge read.</param>
/// <param name="Preset">The preset it started from (passed as <c>--preset</c>; every value comes from the configuration).</param>
/// <param name="Output">The output folder as the jobs see it (absolute).</param>
/// <param name="JobDirectory">Where the emitted files will lie as the jobs see it (absolute; Slurm reads the configuration and writes logs there).</param>
/// <param name="Cli">The command that runs the CLI in a job, e.g. <c>/usr/bin/dotnet /opt/perceptual/perceptual.dll</c>.</param>
/// <param name="Shards">Number of shards (array tasks, indexed-Job completions).</param>
/// <param name="Device">The study's <c>--device</c> in the shards (the merge runs on the CPU).</param>
/// <param name="Threads">The study's <c>--threads</c> (0: the CPUs per task when given, else libtorch's default).</param>
/// <param name="Options">Scheduler settings.</param>
public sealed record ClusterJobRequest(
    string ConfigurationJson,
    string Preset,
    string Output,
    string JobDirectory,
    IReadOnlyList<string> Cli,
    int Shards,
    string Device,
    int Threads,
    ClusterJobOptions Options)
{
    /// <summary>The output folder of the shard with engine index <paramref name="index"/> (an expression the engine expands).</summary>
    internal string ShardOutput(string index) => Options.Layout == ShardLayout.Shared ? Output : $"{Output.TrimEnd('/')}/shards/{index}";

    /// <summary>The study's arguments after the CLI, for a shard whose output folder is <paramref name="output"/>.</summary>
    internal List<string> StudyArguments(string configuration, string output)
    {
        var arguments = new List<string> { "study", "--preset", Preset, "--config", configuration, "--out", output, "--shard", "auto", "--shards", Shards.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device", Device };
        int threads = Threads > 0 ? Threads : Options.CpusPerTask ?? 0;
        if (threads > 0)
        {
            arguments.AddRange(new[] { "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return arguments;
    }

    /// <summary>The merge's arguments after the CLI (the shard folders listed for the per-shard layout).</summary>
    internal List<string> MergeArguments()
    {
        var arguments = new List<string> { "merge", "--out", Output };
        if (Options.Layout == ShardLayout.PerShard)
        {
            arguments.Add("--from");
            arguments.AddRange(Enumerable.Range(0, Shards).Select(k => ShardOutput(k.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        arguments.AddRange(new[] { "--device", "cpu" });
        return arguments;
    }
}
