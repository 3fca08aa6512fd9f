using System;
using System.Globalization;
using PerceptualLosses.Study.Pipeline;

namespace PerceptualLosses.Study.Cluster;

/// <summary>
/// Resolves a shard: an explicit <c>i/n</c>, or <c>auto</c>, which reads the shard from the job engine the process
/// runs under. Slurm job array: <c>SLURM_ARRAY_TASK_ID</c> within <c>SLURM_ARRAY_TASK_MIN</c>..<c>MAX</c>
/// (<c>SLURM_ARRAY_TASK_COUNT</c> tasks, one contiguous range, 0- or 1-based) runs shard ID − MIN + 1 of COUNT.
/// Kubernetes indexed Job: <c>JOB_COMPLETION_INDEX</c> k runs shard k + 1 of the count given as <c>shardCount</c> (the
/// Job's <c>completions</c>, which the pod does not see). A count given beside it must agree with the engine's.
/// </summary>
public static class ShardEnvironment
{
    /// <summary>The word that asks for the engine's shard.</summary>
    public const string Auto = "auto";

    // Errors found below Resolve are about its shard argument (not a constant, so the analyzer lets helpers name it).
    private static readonly string ShardParameter = "shard";

    /// <summary>Resolves <paramref name="shard"/> (<c>i/n</c> or <c>auto</c>) against the process environment.</summary>
    /// <inheritdoc cref="Resolve(string, int?, Func{string, string?})"/>
    public static ShardAssignment Resolve(string shard, int? shardCount) => Resolve(shard, shardCount, Environment.GetEnvironmentVariable);

    /// <summary>Resolves <paramref name="shard"/> (<c>i/n</c> or <c>auto</c>) against <paramref name="environment"/>.</summary>
    /// <param name="shard"><c>i/n</c> or <c>auto</c>.</param>
    /// <param name="shardCount">The number of shards the study was planned with, if given.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <exception cref="ArgumentException">
    /// Malformed or out-of-range values; <c>auto</c> outside any engine, under both, in a non-contiguous array, or
    /// with a count that disagrees with <paramref name="shardCount"/>.
    /// </exception>
    public static ShardAssignment Resolve(string shard, int? shardCount, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(environment);
        if (shardCount is < 1)
        {
            throw new ArgumentException($"shardCount must be >= 1; got {shardCount}.", nameof(shardCount));
        }

        if (!string.Equals(shard, Auto, StringComparison.OrdinalIgnoreCase))
        {
            var given = Shard.Parse(shard);
            if (shardCount is int n && n != given.Count)
            {
                throw new ArgumentException($"shard {shard} is one of {given.Count} shards but shardCount says {n}; give one count.", nameof(shard));
            }

            return ShardAssignment.Explicit(given);
        }

        string? slurm = environment("SLURM_ARRAY_TASK_ID");
        string? kubernetes = environment("JOB_COMPLETION_INDEX");
        if (slurm is not null && kubernetes is not null)
        {
            throw new ArgumentException(
                $"shard 'auto': both SLURM_ARRAY_TASK_ID ({slurm}) and JOB_COMPLETION_INDEX ({kubernetes}) are set, so the engine is ambiguous; give an explicit i/n.", nameof(shard));
        }

        if (slurm is not null)
        {
            return FromSlurm(slurm, shardCount, environment);
        }

        if (kubernetes is not null)
        {
            return FromKubernetes(kubernetes, shardCount);
        }

        string hint = environment("SLURM_JOB_ID") is string job
            ? $" This is Slurm job {job}, but not a job-array task: submit with --array=0-<n-1> (as the emitted shards.sbatch does)."
            : "";
        throw new ArgumentException(
            "shard 'auto' found no job engine: SLURM_ARRAY_TASK_ID (a Slurm job-array task) and JOB_COMPLETION_INDEX (a pod of a Kubernetes indexed Job) are both unset."
            + hint + " Run it inside one of them, or give an explicit i/n.", nameof(shard));
    }

    private static ShardAssignment FromSlurm(string id, int? shardCount, Func<string, string?> environment)
    {
        int task = Number("SLURM_ARRAY_TASK_ID", id);
        int min = Number("SLURM_ARRAY_TASK_MIN", environment("SLURM_ARRAY_TASK_MIN"));
        int max = Number("SLURM_ARRAY_TASK_MAX", environment("SLURM_ARRAY_TASK_MAX"));
        string? countText = environment("SLURM_ARRAY_TASK_COUNT");
        int count = countText is null ? max - min + 1 : Number("SLURM_ARRAY_TASK_COUNT", countText);
        string? stepText = environment("SLURM_ARRAY_TASK_STEP");
        int step = stepText is null ? 1 : Number("SLURM_ARRAY_TASK_STEP", stepText);
        string job = environment("SLURM_ARRAY_JOB_ID") is string j ? $", job {j}" : "";
        string detail = string.Create(CultureInfo.InvariantCulture, $"SLURM_ARRAY_TASK_ID={task} in {min}-{max}, {count} tasks{job}");
        if (max < min || step != 1 || count != max - min + 1)
        {
            throw new ArgumentException(
                $"shard 'auto': the Slurm array is not one contiguous range ({detail}, step {step}); shards need --array=0-<n-1> (a %limit is fine). " +
                "To rerun some shards, resubmit the whole array: finished stages are skipped.", ShardParameter);
        }

        if (task < min || task > max)
        {
            throw new ArgumentException($"shard 'auto': SLURM_ARRAY_TASK_ID {task} is out of the array's range {min}-{max}.", ShardParameter);
        }

        if (shardCount is int n && n != count)
        {
            throw new ArgumentException(
                $"shard 'auto': the Slurm array has {count} tasks ({min}-{max}) but the study was planned with shardCount {n}: submit --array=0-{n - 1}, or emit the scripts again for {count} shards.", ShardParameter);
        }

        return new ShardAssignment(new Shard(task - min + 1, count), "slurm", detail);
    }

    private static ShardAssignment FromKubernetes(string indexText, int? shardCount)
    {
        int index = Number("JOB_COMPLETION_INDEX", indexText);
        if (shardCount is not int n)
        {
            throw new ArgumentException(
                $"shard 'auto': JOB_COMPLETION_INDEX={index} (a Kubernetes indexed Job) does not tell how many shards there are: give shardCount N (the Job's completions).", ShardParameter);
        }

        if (index >= n)
        {
            throw new ArgumentException($"shard 'auto': JOB_COMPLETION_INDEX {index} is out of range for shardCount {n} (indexes 0-{n - 1}).", ShardParameter);
        }

        return new ShardAssignment(new Shard(index + 1, n), "kubernetes", string.Create(CultureInfo.InvariantCulture, $"JOB_COMPLETION_INDEX={index} of {n} completions"));
    }

    private static int Number(string name, string? value)
    {
        if (value is null)
        {
            throw new ArgumentException($"shard 'auto': {name} is not set, though SLURM_ARRAY_TASK_ID is; this does not look like a Slurm array task.", ShardParameter);
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            throw new ArgumentException($"shard 'auto': {name} is '{value}', not a non-negative whole number.", ShardParameter);
        }

        return number;
    }
}
