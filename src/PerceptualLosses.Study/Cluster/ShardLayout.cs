namespace PerceptualLosses.Study.Cluster;

/// <summary>Where the shards of an emitted cluster job write.</summary>
public enum ShardLayout
{
    /// <summary>
    /// Every shard writes into the one output folder on a shared filesystem; stages are locked and published
    /// atomically, shared stages (the normalised loss networks) run once, and the merge only writes the report.
    /// </summary>
    Shared,

    /// <summary>
    /// Shard k writes into <c>&lt;out&gt;/shards/k</c> (k = the engine's 0-based index); the merge copies the stages
    /// together into the output folder. For filesystems without working file locks, or node-local scratch copied back.
    /// </summary>
    PerShard,
}
