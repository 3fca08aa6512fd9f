namespace PerceptualLosses.Study.Cluster;

/// <summary>The scheduler a study is emitted for.</summary>
public enum ClusterEngine
{
    /// <summary>A Slurm array job plus a merge job (SlurmJobs).</summary>
    Slurm,

    /// <summary>A Kubernetes indexed Job plus a merge Job (KubernetesJobs).</summary>
    Kubernetes,
}
