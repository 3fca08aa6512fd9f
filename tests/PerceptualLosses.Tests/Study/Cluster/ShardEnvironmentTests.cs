using System;
using System.Collections.Generic;
using PerceptualLosses.Study.Cluster;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study.Cluster;

/// <summary>A shard: explicit i/n, or auto from a Slurm job array or a Kubernetes indexed Job, with its errors.</summary>
public sealed class ShardEnvironmentTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = new Dictionary<string, string>();
        foreach (var (name, value) in variables)
        {
            map[name] = value;
        }

        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    private static Func<string, string?> SlurmArray(int task, int min, int max, int? count = null) => Env(
        ("SLURM_JOB_ID", "118"), ("SLURM_ARRAY_JOB_ID", "117"), ("SLURM_ARRAY_TASK_ID", task.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("SLURM_ARRAY_TASK_MIN", min.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("SLURM_ARRAY_TASK_MAX", max.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("SLURM_ARRAY_TASK_COUNT", (count ?? max - min + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("SLURM_ARRAY_TASK_STEP", "1"));

    [Fact]
    public void Explicit_IsTakenAsGiven_AndMustAgreeWithShards()
    {
        var assignment = ShardEnvironment.Resolve("2/3", 3, Env());
        Assert.Equal(new Shard(2, 3), assignment.Shard);
        Assert.Equal("explicit", assignment.Engine);

        var error = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("2/3", 4, Env()));
        Assert.Contains("shard 2/3 is one of 3 shards but shardCount says 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 2, 1)] // the emitted 0-based array: task k runs shard k+1
    [InlineData(2, 0, 2, 3)]
    [InlineData(1, 1, 3, 1)] // a 1-based array works as well
    [InlineData(3, 1, 3, 3)]
    public void Auto_UnderASlurmArray_RunsShardIdMinusMinPlusOne(int task, int min, int max, int expected)
    {
        var assignment = ShardEnvironment.Resolve("auto", 3, SlurmArray(task, min, max));

        Assert.Equal(new Shard(expected, 3), assignment.Shard);
        Assert.Equal("slurm", assignment.Engine);
        Assert.Contains($"SLURM_ARRAY_TASK_ID={task} in {min}-{max}", assignment.Detail, StringComparison.Ordinal);
        Assert.Contains("job 117", assignment.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_UnderASlurmArray_TakesTheCountFromTheArray_WhenShardsIsNotGiven()
    {
        Assert.Equal(new Shard(4, 5), ShardEnvironment.Resolve("auto", null, SlurmArray(3, 0, 4)).Shard);
    }

    [Theory]
    [InlineData(1, 0, 1, null, 3, "planned with shardCount 3")] // an array of 2 tasks for a 3-shard plan
    [InlineData(3, 1, 5, 2, null, "contiguous")] // --array=1,5
    [InlineData(7, 0, 2, null, 3, "out of the array's range")]
    public void Auto_UnderASlurmArray_RefusesArraysThatDoNotMatch(int task, int min, int max, int? count, int? shards, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", shards, SlurmArray(task, min, max, count)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_UnderASlurmArrayWithAStep_IsRefused()
    {
        var env = Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_MAX", "4"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_STEP", "2"));
        var error = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", null, env));
        Assert.Contains("step 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_WithAMalformedSlurmVariable_NamesIt()
    {
        var env = Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_MIN", "zero"), ("SLURM_ARRAY_TASK_MAX", "2"));
        var error = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", null, env));
        Assert.Contains("SLURM_ARRAY_TASK_MIN is 'zero'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_InAKubernetesIndexedJob_RunsIndexPlusOneOfShards()
    {
        var assignment = ShardEnvironment.Resolve("auto", 3, Env(("JOB_COMPLETION_INDEX", "0")));

        Assert.Equal(new Shard(1, 3), assignment.Shard);
        Assert.Equal("kubernetes", assignment.Engine);
        Assert.Contains("JOB_COMPLETION_INDEX=0", assignment.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", null, "give shardCount N")]
    [InlineData("3", 3, "out of range")]
    [InlineData("-1", 3, "not a non-negative whole number")]
    public void Auto_InAKubernetesIndexedJob_NeedsAValidCount(string index, int? shards, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", shards, Env(("JOB_COMPLETION_INDEX", index))));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_OutsideAnyEngine_SaysWhatItLookedFor()
    {
        var error = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", 3, Env()));
        Assert.Contains("SLURM_ARRAY_TASK_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("JOB_COMPLETION_INDEX", error.Message, StringComparison.Ordinal);
        Assert.Contains("give an explicit i/n", error.Message, StringComparison.Ordinal);
        Assert.Equal("shard", error.ParamName);

        var plainJob = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", 3, Env(("SLURM_JOB_ID", "5"))));
        Assert.Contains("not a job-array task", plainJob.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_UnderBothEngines_IsAmbiguous()
    {
        var error = Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", 3, Env(("SLURM_ARRAY_TASK_ID", "0"), ("JOB_COMPLETION_INDEX", "0"))));
        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_BelowOne_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ShardEnvironment.Resolve("auto", 0, Env(("JOB_COMPLETION_INDEX", "0"))));
    }
}
