using PerceptualLosses.Study.Pipeline;

namespace PerceptualLosses.Study.Cluster;

/// <summary>The shard a process runs and where it was taken from (given as <c>i/n</c>, or <c>auto</c> from the job engine).</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Engine"><c>explicit</c> (given as i/n), <c>slurm</c> (a job-array task) or <c>kubernetes</c> (an indexed Job's pod).</param>
/// <param name="Detail">The values it was read from, e.g. <c>SLURM_ARRAY_TASK_ID=2 in 0-2 (job 17)</c>.</param>
public sealed record ShardAssignment(Shard Shard, string Engine, string Detail)
{
    /// <summary>The shard given explicitly.</summary>
    public static ShardAssignment Explicit(Shard shard) => new(shard, "explicit", $"given as {shard}");

    /// <summary>One line for reports: <c>2/3 from slurm (SLURM_ARRAY_TASK_ID=1 in 0-2, job 17)</c>.</summary>
    public string Describe() => $"{Shard} from {Engine} ({Detail})";
}
