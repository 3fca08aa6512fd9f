using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Study.Cluster;

/// <summary>The names of the cluster emission's enum settings, as the command line gives them (<c>--emit slurm</c>, <c>--layout per-shard</c>).</summary>
public static class ClusterNames
{
    /// <summary>The scheduler: <c>slurm</c>, <c>kubernetes</c> (also read: <c>k8s</c>); any case, as the engine has always been read.</summary>
    public static EnumNames<ClusterEngine> Engine { get; } = new("Engine", (ClusterEngine.Slurm, "slurm"), (ClusterEngine.Kubernetes, "kubernetes"))
    {
        Aliases = new[] { (ClusterEngine.Kubernetes, "k8s") },
        IgnoreCase = true,
    };

    /// <summary>The engine named <paramref name="text"/> (a name or alias of <see cref="Engine"/>, any case).</summary>
    /// <param name="text">The engine's name.</param>
    /// <exception cref="ArgumentException">Another text; the parameter is the setting, <c>Engine</c>.</exception>
    public static ClusterEngine ParseEngine(string? text) =>
#pragma warning disable CA2208 // the parameter named is the setting, so a front end can map it to its own name for it
        Engine.TryParse(text, out var engine) ? engine : throw new ArgumentException($"{Engine.Setting} '{text}' must be slurm or k8s (kubernetes).", Engine.Setting);
#pragma warning restore CA2208

    /// <summary><see cref="ClusterJobOptions.Layout"/>: <c>shared</c>, <c>per-shard</c>.</summary>
    public static EnumNames<ShardLayout> Layout { get; } = new(nameof(ClusterJobOptions.Layout), (ShardLayout.Shared, "shared"), (ShardLayout.PerShard, "per-shard"));
}
