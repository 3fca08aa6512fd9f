using System;
using PerceptualLosses.Study.Cluster;
using Xunit;

namespace PerceptualLosses.Tests.Study.Cluster;

/// <summary>The scheduler settings of emitted jobs: Slurm syntax checked, translated for Kubernetes.</summary>
public sealed class ClusterJobOptionsTests
{
    [Theory]
    [InlineData("90", 5400)] // minutes
    [InlineData("1:30", 90)] // minutes:seconds
    [InlineData("01:00:00", 3600)]
    [InlineData("1-12", 129600)] // days-hours
    [InlineData("1-00:30", 88200)]
    [InlineData("2-00:00:00", 172800)]
    public void TimeSeconds_ReadsEverySlurmForm(string time, long seconds) => Assert.Equal(seconds, ClusterJobOptions.TimeSeconds(time));

    [Theory]
    [InlineData("2h")]
    [InlineData("1:2:3:4")]
    [InlineData("-5")]
    public void TimeSeconds_RefusesOtherForms(string time)
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterJobOptions.TimeSeconds(time));
        Assert.Equal("time", error.ParamName);
        Assert.StartsWith($"time '{time}' is not a Slurm time limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("32G", "32Gi")]
    [InlineData("4000M", "4000Mi")]
    [InlineData("4000", "4000Mi")] // Slurm's default unit is the megabyte
    [InlineData("1T", "1Ti")]
    public void KubernetesMemory_UsesBinaryUnits(string slurm, string kubernetes) => Assert.Equal(kubernetes, ClusterJobOptions.KubernetesMemory(slurm));

    [Theory]
    [InlineData("gpu:1", 1)]
    [InlineData("gpu:a100:2", 2)]
    [InlineData("gpu", 1)]
    [InlineData(null, 0)]
    public void Gpus_IsTheGresCount(string? gres, int gpus) => Assert.Equal(gpus, new ClusterJobOptions { Gres = gres }.Gpus);

    [Theory]
    [InlineData("Gres", "gpu 1")]
    [InlineData("Memory", "32GB")]
    [InlineData("Time", "two days")]
    [InlineData("Partition", "gpu;rm")]
    [InlineData("SbatchOptions", "--account=x")]
    [InlineData("JobName", "my job")]
    public void Validate_NamesTheBadProperty(string property, string value)
    {
        var options = property switch
        {
            "Gres" => new ClusterJobOptions { Gres = value },
            "Memory" => new ClusterJobOptions { Memory = value },
            "Time" => new ClusterJobOptions { Time = value },
            "Partition" => new ClusterJobOptions { Partition = value },
            "SbatchOptions" => new ClusterJobOptions { SbatchOptions = new[] { value } },
            _ => new ClusterJobOptions { JobName = value },
        };

        // The library names its property; the CLI maps it to its option (OptionNames).
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(property, error.ParamName);
        Assert.StartsWith($"{property} '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateForKubernetes_NeedsAnImageAndADnsName()
    {
        Assert.Contains("needs Image", Assert.Throws<ArgumentException>(new ClusterJobOptions().ValidateForKubernetes).Message, StringComparison.Ordinal);
        Assert.Contains("DNS label", Assert.Throws<ArgumentException>(new ClusterJobOptions { Image = "i", JobName = "Study_1" }.ValidateForKubernetes).Message, StringComparison.Ordinal);
        Assert.Contains("only gpu", Assert.Throws<ArgumentException>(new ClusterJobOptions { Image = "i", Gres = "fpga:1" }.ValidateForKubernetes).Message, StringComparison.Ordinal);
        new ClusterJobOptions { Image = "i" }.ValidateForKubernetes();
    }
}
