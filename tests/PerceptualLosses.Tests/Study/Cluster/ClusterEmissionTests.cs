using PerceptualLosses.Common;
using System;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Cluster;
using PerceptualLosses.Study.Pipeline;
using Xunit;

namespace PerceptualLosses.Tests.Study.Cluster;

public sealed class ClusterEmissionTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pl-emission-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Kubernetes_WritesTheJobs_AndNotesPathsOutsideTheVolumeByTheirKeys()
    {
        var configuration = StudyPaths.Map(StudyPresets.Paper("/data"), p => p.Replace('\\', '/')) with { TrainImages = "/elsewhere/coco" };
        var options = new ClusterJobOptions { Image = "example/perceptual:cpu", VolumePath = "/data" };

        var emitted = ClusterEmission.Write(ClusterEngine.Kubernetes, configuration, "/data/out", Path.Combine(root, "k8s"), new[] { "perceptual" }, null, "cpu", 0, options, replaceFiles: false);

        Assert.Equal(emitted.WorkUnits, emitted.Shards);
        Assert.All(emitted.Files, f => Assert.True(File.Exists(f), f));
        Assert.Equal(Path.Combine(root, "k8s", "submit.sh"), emitted.Submit);
        var note = Assert.Single(emitted.Notes, n => n.Contains("/elsewhere/coco", StringComparison.Ordinal));
        Assert.StartsWith("TrainImages '/elsewhere/coco' is not under the volume path /data", note, StringComparison.Ordinal);
        Assert.DoesNotContain(emitted.Notes, n => n.Contains("--", StringComparison.Ordinal)); // keys, not CLI options
    }

    [Fact]
    public void Slurm_RefusesAPlanWithProblems_NamingTheirSettings_AndWritesNothing()
    {
        var configuration = StudyPresets.Paper(Path.Combine(root, "missing"));
        var jobs = Path.Combine(root, "slurm");

        var error = Assert.Throws<ArgumentException>(() => ClusterEmission.Write(
            ClusterEngine.Slurm, configuration, Path.Combine(root, "out"), jobs, new[] { "perceptual" }, null, "cpu", 0, new ClusterJobOptions(), replaceFiles: false));

        Assert.StartsWith("The jobs would fail;", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrainImages", NamedSettings.Named(error));
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(jobs) && Directory.EnumerateFiles(jobs).Any());
    }
}
