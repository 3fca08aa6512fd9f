using System.Collections.Generic;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>One stage of a study's plan.</summary>
/// <param name="Name">Stage folder under the output folder (<c>models/EP-seed0</c>).</param>
/// <param name="Kind"><c>normalize</c>, <c>classifier</c>, <c>train</c>, <c>evaluate</c>, <c>judge</c> or <c>report</c>.</param>
/// <param name="Unit">
/// Work-unit number that decides which shard runs it (<see cref="Shard.Owns"/>); <see cref="EveryShard"/> for stages every
/// shard needs (the normalised loss networks: in a shared folder the first shard runs it under the stage lock, the others
/// wait and reuse it); <see cref="AfterAll"/> for the report, which needs everything.
/// </param>
/// <param name="Description">What it does, in words.</param>
/// <param name="Outputs">Files it writes into its folder.</param>
public sealed record PlannedStage(string Name, string Kind, int Unit, string Description, IReadOnlyList<string> Outputs)
{
    /// <summary><see cref="Unit"/> of the report.</summary>
    public const int AfterAll = -1;

    /// <summary><see cref="Unit"/> of stages that every shard runs when it finds them missing.</summary>
    public const int EveryShard = -2;

    /// <summary>The shard of <paramref name="shardCount"/> that owns this stage; null for stages of every shard and for the report.</summary>
    /// <param name="shardCount">How many shards split the plan.</param>
    public Shard? OwnerAmong(int shardCount) =>
        shardCount < 1 ? throw new System.ArgumentOutOfRangeException(nameof(shardCount), shardCount, "shardCount must be >= 1.")
        : Unit < 0 ? null : new Shard(Unit % shardCount + 1, shardCount);

    /// <summary>Whether <paramref name="shard"/> runs this stage (the report is never run as a shard's own work).</summary>
    public bool IsRunBy(Shard shard) => Unit == EveryShard || (Unit >= 0 && Guard(shard).Owns(Unit));

    private static Shard Guard(Shard shard) => shard ?? throw new System.ArgumentNullException(nameof(shard));
}
