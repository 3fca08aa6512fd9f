using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace PerceptualLosses.Study.Cluster;

/// <summary>
/// Scheduler settings of an emitted cluster job (<c>perceptual study --emit slurm|k8s DIR</c>); unset values are left
/// to the cluster's defaults. Values use Slurm's syntax and are translated for Kubernetes.
/// </summary>
public sealed partial record ClusterJobOptions
{
    /// <summary>Job name (Slurm <c>--job-name</c>; the Kubernetes objects' name prefix, a DNS label).</summary>
    public string JobName { get; init; } = "perceptual-study";

    /// <summary>One output folder for all shards, or one each.</summary>
    public ShardLayout Layout { get; init; } = ShardLayout.Shared;

    /// <summary>Generic resources per shard (Slurm <c>--gres</c>, e.g. <c>gpu:1</c>, <c>gpu:a100:1</c>); null requests none. Kubernetes: <c>nvidia.com/gpu</c>.</summary>
    public string? Gres { get; init; } = "gpu:1";

    /// <summary>The text that requests no generic resources (<see cref="ReadGres"/>).</summary>
    public const string NoGres = "none";

    /// <summary>Time limit per task, Slurm syntax (<c>minutes</c>, <c>H:M:S</c>, <c>D-H</c>, <c>D-H:M:S</c>); Kubernetes: the pod's <c>activeDeadlineSeconds</c>.</summary>
    public string? Time { get; init; }

    /// <summary>Memory per task, Slurm syntax (<c>32G</c>, <c>4000M</c>; no unit = megabytes); Kubernetes: request and limit in Gi/Mi.</summary>
    public string? Memory { get; init; }

    /// <summary>Slurm partition.</summary>
    public string? Partition { get; init; }

    /// <summary>CPUs per task (Slurm <c>--cpus-per-task</c>; Kubernetes CPU request); also the study's <c>--threads</c> when that is not given.</summary>
    public int? CpusPerTask { get; init; }

    /// <summary>Further <c>#SBATCH</c> options as <c>name=value</c> or <c>name</c> (e.g. <c>account=proj42</c>, <c>qos=long</c>), for both Slurm scripts.</summary>
    public IReadOnlyList<string> SbatchOptions { get; init; } = Array.Empty<string>();

    /// <summary>Kubernetes: pods running at once (the Job's <c>parallelism</c>); null runs every shard at once.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Kubernetes: the container image holding the CLI.</summary>
    public string? Image { get; init; }

    /// <summary>Kubernetes: the PersistentVolumeClaim (ReadWriteMany for the shared layout) with the data and the output folder.</summary>
    public string VolumeClaim { get; init; } = "perceptual-study";

    /// <summary>Kubernetes: where the claim is mounted in every pod; the study's paths and output folder lie under it.</summary>
    public string VolumePath { get; init; } = "/data";

    /// <summary>Retries per shard after a failure that is not a bad-input exit (Kubernetes <c>backoffLimitPerIndex</c>).</summary>
    public int Retries { get; init; } = 3;

    /// <summary>Checks every value; the message names the property.</summary>
    /// <exception cref="ArgumentException">A value out of its syntax or range.</exception>
    public void Validate()
    {
        if (!SlurmName().IsMatch(JobName))
        {
            throw new ArgumentException($"JobName '{JobName}' must be letters, digits, '.', '_' or '-'.", nameof(JobName));
        }

        if (Gres is not null && !GresSyntax().IsMatch(Gres))
        {
            throw new ArgumentException($"Gres '{Gres}' is not of the form name[:type]:count (e.g. gpu:1, gpu:a100:2), or none.", nameof(Gres));
        }

        if (Time is not null)
        {
            TimeSeconds(Time, nameof(Time));
        }

        if (Memory is not null && !MemorySyntax().IsMatch(Memory))
        {
            throw new ArgumentException($"Memory '{Memory}' is not a Slurm memory size: a whole number with an optional unit K, M, G or T (e.g. 32G).", nameof(Memory));
        }

        if (Partition is not null && !SlurmName().IsMatch(Partition.Replace(",", "", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Partition '{Partition}' must be partition names (letters, digits, '.', '_', '-'), comma-separated.", nameof(Partition));
        }

        if (CpusPerTask is < 1)
        {
            throw new ArgumentException($"CpusPerTask must be >= 1; got {CpusPerTask}.", nameof(CpusPerTask));
        }

        foreach (string option in SbatchOptions)
        {
            if (!SbatchSyntax().IsMatch(option))
            {
                throw new ArgumentException($"SbatchOptions '{option}' must be name=value or name, without the leading dashes (e.g. account=proj42).", nameof(SbatchOptions));
            }
        }

        if (Parallelism is < 1)
        {
            throw new ArgumentException($"Parallelism must be >= 1; got {Parallelism}.", nameof(Parallelism));
        }

        if (Retries < 0)
        {
            throw new ArgumentException($"Retries must be >= 0; got {Retries}.", nameof(Retries));
        }
    }

    /// <summary>Checks what Kubernetes needs beyond <see cref="Validate"/>.</summary>
    /// <exception cref="ArgumentException">No image, a name that is not a DNS label, a non-GPU gres, a relative volume path.</exception>
    public void ValidateForKubernetes()
    {
        Validate();
        if (string.IsNullOrWhiteSpace(Image))
        {
            throw new ArgumentException("A Kubernetes job needs Image: the container image with the perceptual CLI (and libtorch for your GPUs).", nameof(Image));
        }

        if (!DnsLabel().IsMatch(JobName) || JobName.Length > 40)
        {
            throw new ArgumentException($"JobName '{JobName}' must be a DNS label for Kubernetes: lower-case letters, digits and '-', at most 40 characters.", nameof(JobName));
        }

        if (Gres is not null && !Gres.StartsWith("gpu", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Gres '{Gres}': only gpu maps to Kubernetes (nvidia.com/gpu); give gpu:N or none.", nameof(Gres));
        }

        if (!VolumePath.StartsWith('/'))
        {
            throw new ArgumentException($"VolumePath '{VolumePath}' must be an absolute path in the container.", nameof(VolumePath));
        }

        if (!DnsSubdomain().IsMatch(VolumeClaim))
        {
            throw new ArgumentException($"VolumeClaim '{VolumeClaim}' must be a Kubernetes object name (lower-case letters, digits, '-', '.').", nameof(VolumeClaim));
        }
    }

    /// <summary>GPUs per shard: the count at the end of a gpu gres (1 when it has none), 0 without one.</summary>
    public int Gpus => Gres is null ? 0 : Gres.Split(':') is var parts && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 1;

    /// <summary><see cref="Gres"/> as written on a command line: null for <see cref="NoGres"/> or an empty text, else the text.</summary>
    /// <param name="text">The generic resources, or <see cref="NoGres"/>.</param>
    public static string? ReadGres(string? text) => string.IsNullOrEmpty(text) || text == NoGres ? null : text;

    /// <summary>Seconds of a Slurm time limit.</summary>
    /// <exception cref="ArgumentException">Not one of Slurm's forms.</exception>
    public static long TimeSeconds(string time) => TimeSeconds(time, nameof(time));

    private static long TimeSeconds(string time, string setting)
    {
        ArgumentNullException.ThrowIfNull(time);
        var match = TimeSyntax().Match(time);
        if (!match.Success)
        {
            throw new ArgumentException($"{setting} '{time}' is not a Slurm time limit: minutes, M:S, H:M:S, D-H, D-H:M or D-H:M:S (e.g. 2-00:00:00).", setting);
        }

        long[] parts = match.Groups["rest"].Value.Split(':').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (match.Groups["days"].Success)
        {
            long days = long.Parse(match.Groups["days"].Value, CultureInfo.InvariantCulture);
            return days * 86400 + parts[0] * 3600 + (parts.Length > 1 ? parts[1] * 60 : 0) + (parts.Length > 2 ? parts[2] : 0);
        }

        return parts.Length switch
        {
            1 => parts[0] * 60,
            2 => parts[0] * 60 + parts[1],
            _ => parts[0] * 3600 + parts[1] * 60 + parts[2],
        };
    }

    /// <summary>A Slurm memory size in Kubernetes quantity syntax (<c>32G</c> → <c>32Gi</c>; Slurm's units are binary).</summary>
    public static string KubernetesMemory(string memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var match = MemorySyntax().Match(memory);
        if (!match.Success)
        {
            throw new ArgumentException($"memory '{memory}' is not a Slurm memory size.", nameof(memory));
        }

        string unit = match.Groups[2].Value.ToUpperInvariant();
        return match.Groups[1].Value + (unit.Length == 0 ? "M" : unit) + "i";
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SlurmName();

    [GeneratedRegex("^[A-Za-z0-9_]+(:[A-Za-z0-9_.-]+)*$")]
    private static partial Regex GresSyntax();

    [GeneratedRegex("^([0-9]+)([KMGTkmgt]?)$")]
    private static partial Regex MemorySyntax();

    [GeneratedRegex("^(?:(?<days>[0-9]+)-)?(?<rest>[0-9]+(?::[0-9]+){0,2})$")]
    private static partial Regex TimeSyntax();

    [GeneratedRegex("^[a-z][a-z0-9-]*(=[^\\s'\"\\\\]+)?$")]
    private static partial Regex SbatchSyntax();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
