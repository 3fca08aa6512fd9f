using PerceptualLosses.Common;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Study.Pipeline;

namespace PerceptualLosses.Study.Cluster;

/// <summary>What <see cref="Write"/> wrote: the job files of a study for a scheduler, and what the user should know.</summary>
/// <param name="Engine">The scheduler.</param>
/// <param name="JobFolder">Where the files were written (absolute).</param>
/// <param name="Files">The files written.</param>
/// <param name="Shards">Number of shards.</param>
/// <param name="WorkUnits">Most shards the study can use.</param>
/// <param name="Output">The study's output folder as the jobs see it.</param>
/// <param name="Notes">Things to check before submitting (paths the jobs may not see).</param>
public sealed record ClusterEmission(
    ClusterEngine Engine, string JobFolder, IReadOnlyList<string> Files, int Shards, int WorkUnits, string Output, IReadOnlyList<string> Notes)
{
    /// <summary>The script that submits the jobs.</summary>
    public string Submit => Path.Combine(JobFolder, "submit.sh");

    /// <summary>
    /// Writes <paramref name="configuration"/> as cluster jobs. Slurm jobs start on other nodes of a shared filesystem:
    /// every path is made absolute against the current folder and the whole plan is checked here first. Kubernetes jobs
    /// see the containers' filesystem: paths are not checked, and those outside the volume are listed in the notes.
    /// </summary>
    /// <param name="engine">The scheduler.</param>
    /// <param name="configuration">The study.</param>
    /// <param name="outputFolder">The study's output folder (Output).</param>
    /// <param name="jobFolder">Where to write the job files.</param>
    /// <param name="cli">The command that runs the CLI in a job.</param>
    /// <param name="shardCount">Number of shards; null uses one per work unit.</param>
    /// <param name="device">The shards' device.</param>
    /// <param name="threads">The shards' thread count (0: default).</param>
    /// <param name="options">Scheduler settings.</param>
    /// <param name="replaceFiles">Replace the files of an earlier emission in <paramref name="jobFolder"/>.</param>
    /// <exception cref="ArgumentException">A plan problem (Slurm; the exception names the settings, see <see cref="NamedSettings"/>), a shard count out of range, or what the emitters refuse.</exception>
    public static ClusterEmission Write(
        ClusterEngine engine, StudyConfiguration configuration, string outputFolder, string jobFolder, IReadOnlyList<string> cli, int? shardCount,
        string device, int threads, ClusterJobOptions options, bool replaceFiles)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(outputFolder);
        ArgumentNullException.ThrowIfNull(jobFolder);
        ArgumentNullException.ThrowIfNull(options);
        var notes = new List<string>();
        string output;
        if (engine == ClusterEngine.Slurm)
        {
            configuration = StudyPaths.Absolute(configuration, Directory.GetCurrentDirectory());
            output = Path.GetFullPath(outputFolder);
            var problems = new StudyPlan(configuration).Validate();
            if (problems.Count > 0)
            {
                throw new ArgumentException(
                    $"The jobs would fail; {problems.Count} problem(s) (the shared filesystem should show this machine the paths the nodes see):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems.Select(p => p.Text))}")
                    .Naming(problems.Select(p => p.Setting));
            }
        }
        else
        {
            output = outputFolder;
            string mount = options.VolumePath.TrimEnd('/') + "/";
            foreach (var (key, path) in StudyPaths.List(configuration).Append((StageStore.OutputSetting, outputFolder)))
            {
                if (!path.StartsWith(mount, StringComparison.Ordinal) && !path.StartsWith("/etc/perceptual/", StringComparison.Ordinal))
                {
                    notes.Add($"{key} '{path}' is not under the volume path {options.VolumePath}: the image must hold it{(Path.IsPathRooted(path) ? "" : ", relative to its working folder")}.");
                }
            }

            notes.Add("paths were not checked here (they are the containers'); check them with a dry run of the study in a pod.");
        }

        var plan = new StudyPlan(configuration);
        int count = shardCount ?? plan.WorkUnits;
        plan.CheckShardCount(count);
        var request = new ClusterJobRequest(StageStore.Serialize(configuration), configuration.Preset, output, Path.GetFullPath(jobFolder), cli, count, device, threads, options);
        var files = engine == ClusterEngine.Slurm ? SlurmJobs.Emit(request) : KubernetesJobs.Emit(request);
        var written = ClusterJobFiles.Write(jobFolder, files, replaceFiles);
        return new ClusterEmission(engine, Path.GetFullPath(jobFolder), written, count, plan.WorkUnits, output, notes);
    }
}
