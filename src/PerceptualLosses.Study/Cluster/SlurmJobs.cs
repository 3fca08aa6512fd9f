using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace PerceptualLosses.Study.Cluster;

/// <summary>
/// Emits a study as Slurm jobs: <c>shards.sbatch</c>, a job array with one task per shard (<c>--shard auto</c>),
/// requeue-safe because finished stages are skipped and interrupted ones resume; <c>merge.sbatch</c>, which writes the
/// report; <c>submit.sh</c>, which submits both, the merge with <c>--dependency=afterok</c> on the array; and
/// <c>study.json</c>, the configuration they all read.
/// </summary>
public static partial class SlurmJobs
{
    /// <summary>The configuration file every job reads.</summary>
    public const string ConfigurationName = "study.json";

    /// <summary>The files, in a fixed order, for <paramref name="request"/>.</summary>
    /// <exception cref="ArgumentException">Invalid options (<see cref="ClusterJobOptions.Validate"/>) or a relative folder.</exception>
    public static IReadOnlyList<EmittedFile> Emit(ClusterJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = request.Options;
        o.Validate();
        if (!request.Output.StartsWith('/') || !request.JobDirectory.StartsWith('/'))
        {
            throw new ArgumentException($"The output folder '{request.Output}' and the job folder '{request.JobDirectory}' must be absolute paths.", nameof(request));
        }

        string dir = request.JobDirectory.TrimEnd('/');
        string config = $"{dir}/{ConfigurationName}";
        int last = request.Shards - 1;
        string cli = string.Join(" ", request.Cli.Select(Quote));

        var shards = new StringBuilder();
        shards.Append("#!/bin/bash\n");
        shards.Append(CultureInfo.InvariantCulture, $"# The study's {request.Shards} shards as one Slurm job array (emitted by `perceptual study --emit slurm`).\n");
        shards.Append(CultureInfo.InvariantCulture, $"# Array task k runs shard k+1/{request.Shards}: `--shard auto` reads SLURM_ARRAY_TASK_ID/MIN/MAX/COUNT and refuses an array\n");
        shards.Append(CultureInfo.InvariantCulture, $"# of another size than --shards. Requeue-safe: finished stages are skipped, an interrupted one resumes from its\n");
        shards.Append("# working folder (training from its last checkpoint), and a stage runs under a lock, never twice at once.\n");
        shards.Append(o.Layout == ShardLayout.Shared
            ? "# All shards write into one output folder (a shared filesystem with file locks: NFSv4, Lustre with flock, GPFS).\n"
            : "# Shard k writes into <out>/shards/k; the merge copies the stages together.\n");
        shards.Append("# Submit with submit.sh (it chains merge.sbatch), or alone: sbatch shards.sbatch\n");
        shards.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={o.JobName}\n");
        shards.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{last}\n");
        Common(shards, o, dir, "logs/shard-%a.out", perShard: true);
        shards.Append("#SBATCH --requeue\n");
        shards.Append("set -euo pipefail\n");
        shards.Append("echo \"== $(date -u '+%Y-%m-%d %H:%M:%S') UTC: task ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} on $(hostname), restart ${SLURM_RESTART_COUNT:-0}\"\n");
        var study = request.StudyArguments(config, request.ShardOutput("\"${SLURM_ARRAY_TASK_ID}\""));
        shards.Append(CultureInfo.InvariantCulture, $"exec {cli} {string.Join(" ", study.Select(QuoteKeepingExpansion))}\n");

        var merge = new StringBuilder();
        merge.Append("#!/bin/bash\n");
        merge.Append("# The merge of the study's shards (emitted by `perceptual study --emit slurm`): tables and figures into the output folder.\n");
        merge.Append("# submit.sh submits it with --dependency=afterok on the array, so it starts once every shard has succeeded (and is\n");
        merge.Append("# cancelled if one failed). Started early, it names the stages still missing, exits 2 and merges nothing.\n");
        merge.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={o.JobName}-merge\n");
        Common(merge, o, dir, "logs/merge.out", perShard: false);
        merge.Append("#SBATCH --kill-on-invalid-dep=yes\n");
        merge.Append("#SBATCH --requeue\n");
        merge.Append("set -euo pipefail\n");
        merge.Append("echo \"== $(date -u '+%Y-%m-%d %H:%M:%S') UTC: merge job ${SLURM_JOB_ID} on $(hostname), restart ${SLURM_RESTART_COUNT:-0}\"\n");
        string output = request.Output.TrimEnd('/');
        string from = o.Layout == ShardLayout.PerShard ? $" --from {Quote(output + "/shards/")}{{0..{last}}}" : "";
        merge.Append(CultureInfo.InvariantCulture, $"exec {cli} merge --out {Quote(request.Output)}{from} --device cpu\n");

        var submit = new StringBuilder();
        submit.Append("#!/bin/bash\n");
        submit.Append("# Submits shards.sbatch as a job array and merge.sbatch after it with --dependency=afterok (once every task has\n");
        submit.Append("# succeeded; a failed task cancels it). Arguments go to the array's sbatch, e.g. --hold, or --array=0-" + last.ToString(CultureInfo.InvariantCulture) + "%4\n");
        submit.Append("# to run at most 4 tasks at once. After a failure, run it again: finished stages are skipped.\n");
        submit.Append("set -euo pipefail\n");
        submit.Append(CultureInfo.InvariantCulture, $"mkdir -p {Quote(dir + "/logs")}\n");
        submit.Append(CultureInfo.InvariantCulture, $"shards=$(sbatch --parsable \"$@\" {Quote(dir + "/shards.sbatch")})\n");
        submit.Append("shards=${shards%%;*}\n");
        submit.Append(CultureInfo.InvariantCulture, $"merge=$(sbatch --parsable --dependency=afterok:\"$shards\" {Quote(dir + "/merge.sbatch")})\n");
        submit.Append("merge=${merge%%;*}\n");
        submit.Append(CultureInfo.InvariantCulture, $"echo \"shards: job $shards ({request.Shards} array tasks); merge: job $merge (after every shard succeeded); logs in {dir}/logs\"\n");

        return new[]
        {
            new EmittedFile(ConfigurationName, request.ConfigurationJson.TrimEnd('\n') + "\n", false),
            new EmittedFile("shards.sbatch", shards.ToString(), true),
            new EmittedFile("merge.sbatch", merge.ToString(), true),
            new EmittedFile("submit.sh", submit.ToString(), true),
        };
    }

    private static void Common(StringBuilder script, ClusterJobOptions o, string dir, string log, bool perShard)
    {
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={dir}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={log}\n");
        script.Append("#SBATCH --open-mode=append\n");
        if (o.Partition is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={o.Partition}\n");
        }

        if (perShard && o.Gres is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --gres={o.Gres}\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={(perShard ? o.CpusPerTask ?? 1 : 1)}\n");
        if (o.Memory is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={o.Memory}\n");
        }

        if (o.Time is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={o.Time}\n");
        }

        foreach (string option in o.SbatchOptions)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --{option}\n");
        }
    }

    /// <summary>A shell word: bare when it has only safe characters, else single-quoted.</summary>
    internal static string Quote(string word) =>
        SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>As <see cref="Quote"/>, but a word holding <c>"${VAR}"</c> keeps the expansion outside the quotes.</summary>
    private static string QuoteKeepingExpansion(string word)
    {
        int at = word.IndexOf("\"${", StringComparison.Ordinal);
        if (at < 0)
        {
            return Quote(word);
        }

        int end = word.IndexOf("}\"", at, StringComparison.Ordinal) + 2;
        string head = word[..at], tail = word[end..];
        return (head.Length > 0 ? Quote(head) : "") + word[at..end] + (tail.Length > 0 ? Quote(tail) : "");
    }

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex SafeWord();
}
