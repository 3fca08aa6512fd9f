using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace PerceptualLosses.Study.Cluster;

/// <summary>
/// Emits a study as Kubernetes objects: <c>study.yaml</c>, a ConfigMap with the configuration and an indexed
/// <c>Job</c> (<c>completions</c> = shards) whose pod k runs shard k+1 with <c>--shard auto</c>; <c>merge.yaml</c>,
/// the merge <c>Job</c>; and <c>submit.sh</c>, which applies the first, waits until every index succeeded and applies
/// the second (Kubernetes has no dependencies between Jobs). All pods mount one PersistentVolumeClaim holding the
/// data, the weights and the output folder.
/// </summary>
public static class KubernetesJobs
{
    /// <summary>Where the pods find the configuration (a ConfigMap volume).</summary>
    public const string ConfigurationPath = "/etc/perceptual/study.json";

    // A relative output folder is the request's Output setting that is wrong (not a constant, so the analyzer allows it).
    private static readonly string OutputSetting = nameof(ClusterJobRequest.Output);

    /// <summary>The files, in a fixed order, for <paramref name="request"/>.</summary>
    /// <exception cref="ArgumentException">Invalid options (<see cref="ClusterJobOptions.ValidateForKubernetes"/>) or a relative output folder.</exception>
    public static IReadOnlyList<EmittedFile> Emit(ClusterJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = request.Options;
        o.ValidateForKubernetes();
        if (!request.Output.StartsWith('/'))
        {
            throw new ArgumentException($"Output '{request.Output}' must be an absolute path in the containers (under VolumePath {o.VolumePath}).", OutputSetting);
        }

        string name = o.JobName, shardsJob = $"{name}-shards", mergeJob = $"{name}-merge", configMap = $"{name}-config";
        var study = new StringBuilder();
        study.Append(CultureInfo.InvariantCulture, $"# The study's {request.Shards} shards as a Kubernetes indexed Job, with the configuration they read (emitted by\n");
        study.Append(CultureInfo.InvariantCulture, $"# `perceptual study --emit k8s`). Pod k (JOB_COMPLETION_INDEX) runs shard k+1/{request.Shards} with `--shard auto --shards {request.Shards}`.\n");
        study.Append(CultureInfo.InvariantCulture, $"# A failed pod is retried up to {o.Retries} times per index (its finished stages are skipped, an interrupted one resumes);\n");
        study.Append("# exit 2 (bad input) fails its index at once; evictions and preemptions are retried without counting.\n");
        study.Append("# Needs Kubernetes >= 1.29 (backoffLimitPerIndex). Every pod mounts the claim below, which holds the data, the\n");
        study.Append(o.Layout == ShardLayout.Shared
            ? "# weights and the one output folder all shards share (ReadWriteMany, with file locks, e.g. NFSv4 or CephFS).\n"
            : "# weights and the output folder; shard k writes into <out>/shards/k, the merge copies the stages together.\n");
        study.Append("# Apply with submit.sh, which starts merge.yaml once every index has succeeded.\n");
        study.Append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n");
        study.Append(CultureInfo.InvariantCulture, $"  name: {configMap}\n");
        study.Append("data:\n  study.json: |\n");
        foreach (string line in request.ConfigurationJson.TrimEnd('\n').Split('\n'))
        {
            study.Append("    ").Append(line.TrimEnd('\r')).Append('\n');
        }

        study.Append("---\napiVersion: batch/v1\nkind: Job\nmetadata:\n");
        study.Append(CultureInfo.InvariantCulture, $"  name: {shardsJob}\n  labels:\n    app.kubernetes.io/name: {name}\n");
        study.Append("spec:\n  completionMode: Indexed\n");
        study.Append(CultureInfo.InvariantCulture, $"  completions: {request.Shards}\n  parallelism: {Math.Min(o.Parallelism ?? request.Shards, request.Shards)}\n");
        study.Append(CultureInfo.InvariantCulture, $"  backoffLimitPerIndex: {o.Retries}\n");
        FailurePolicy(study, "shard", "FailIndex");
        study.Append(CultureInfo.InvariantCulture, $"  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {name}\n    spec:\n      restartPolicy: Never\n");
        Deadline(study, o);
        study.Append("      containers:\n      - name: shard\n");
        Container(study, o, request, request.StudyArguments(ConfigurationPath, request.ShardOutput("$(JOB_COMPLETION_INDEX)")), gpus: o.Gpus, cpus: o.CpusPerTask);
        study.Append("        - name: config\n          mountPath: /etc/perceptual\n          readOnly: true\n");
        Volumes(study, o);
        study.Append(CultureInfo.InvariantCulture, $"      - name: config\n        configMap:\n          name: {configMap}\n");

        var merge = new StringBuilder();
        merge.Append("# The merge of the study's shards (emitted by `perceptual study --emit k8s`): tables and figures into the output\n");
        merge.Append("# folder. submit.sh applies it once the shards' Job is complete; applied early, it names the stages still missing,\n");
        merge.Append("# exits 2 (which fails the Job, no retry) and merges nothing.\n");
        merge.Append("apiVersion: batch/v1\nkind: Job\nmetadata:\n");
        merge.Append(CultureInfo.InvariantCulture, $"  name: {mergeJob}\n  labels:\n    app.kubernetes.io/name: {name}\n");
        merge.Append("spec:\n  backoffLimit: 2\n");
        FailurePolicy(merge, "merge", "FailJob");
        merge.Append(CultureInfo.InvariantCulture, $"  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {name}\n    spec:\n      restartPolicy: Never\n");
        Deadline(merge, o);
        merge.Append("      containers:\n      - name: merge\n");
        Container(merge, o, request, request.MergeArguments(), gpus: 0, cpus: 1);
        Volumes(merge, o);

        var submit = new StringBuilder();
        submit.Append("#!/bin/bash\n");
        submit.Append("# Applies study.yaml (the configuration and the shards' indexed Job), waits until every index has succeeded, then\n");
        submit.Append("# applies merge.yaml: Kubernetes has no dependencies between Jobs, so this script chains them. To run again after\n");
        submit.Append(CultureInfo.InvariantCulture, $"# a failure: kubectl delete job {shardsJob} {mergeJob} --ignore-not-found, then this script (finished stages are skipped).\n");
        submit.Append("set -euo pipefail\n");
        submit.Append("cd \"$(dirname \"$0\")\"\n");
        submit.Append("kubectl apply -f study.yaml\n");
        submit.Append("while true; do\n");
        submit.Append(CultureInfo.InvariantCulture, $"  state=$(kubectl get job {shardsJob} -o jsonpath='{{range .status.conditions[?(@.status==\"True\")]}}{{.type}}{{\" \"}}{{end}}')\n");
        submit.Append("  case \" $state \" in\n");
        submit.Append("    *\" Complete \"*) break ;;\n");
        submit.Append(CultureInfo.InvariantCulture, $"    *\" Failed \"*) echo \"the shards' Job failed; see kubectl describe job {shardsJob} and kubectl logs -l job-name={shardsJob}\" >&2; exit 1 ;;\n");
        submit.Append("  esac\n");
        submit.Append("  sleep 60\n");
        submit.Append("done\n");
        submit.Append("kubectl apply -f merge.yaml\n");
        submit.Append(CultureInfo.InvariantCulture, $"echo \"merge started: kubectl logs -f job/{mergeJob}\"\n");

        return new[]
        {
            new EmittedFile("study.yaml", study.ToString(), false),
            new EmittedFile("merge.yaml", merge.ToString(), false),
            new EmittedFile("submit.sh", submit.ToString(), true),
        };
    }

    private static void FailurePolicy(StringBuilder yaml, string container, string onBadInput)
    {
        yaml.Append("  podFailurePolicy:\n    rules:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    - action: {onBadInput}\n      onExitCodes:\n        containerName: {container}\n        operator: In\n        values: [2]\n");
        yaml.Append("    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n");
    }

    private static void Deadline(StringBuilder yaml, ClusterJobOptions o)
    {
        if (o.Time is not null)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"      activeDeadlineSeconds: {ClusterJobOptions.TimeSeconds(o.Time)}\n");
        }
    }

    private static void Container(StringBuilder yaml, ClusterJobOptions o, ClusterJobRequest request, IEnumerable<string> arguments, int gpus, int? cpus)
    {
        yaml.Append(CultureInfo.InvariantCulture, $"        image: {Json(o.Image!)}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"        command: [{string.Join(", ", request.Cli.Select(Json))}]\n");
        yaml.Append(CultureInfo.InvariantCulture, $"        args: [{string.Join(", ", arguments.Select(Json))}]\n");
        string? memory = o.Memory is null ? null : ClusterJobOptions.KubernetesMemory(o.Memory);
        if (cpus is not null || memory is not null || gpus > 0)
        {
            yaml.Append("        resources:\n");
            if (cpus is not null || memory is not null)
            {
                yaml.Append("          requests:\n");
                if (cpus is not null)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"            cpu: \"{cpus}\"\n");
                }

                if (memory is not null)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"            memory: {memory}\n");
                }
            }

            if (memory is not null || gpus > 0)
            {
                yaml.Append("          limits:\n");
                if (memory is not null)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"            memory: {memory}\n");
                }

                if (gpus > 0)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"            nvidia.com/gpu: {gpus}\n");
                }
            }
        }

        yaml.Append(CultureInfo.InvariantCulture, $"        volumeMounts:\n        - name: study\n          mountPath: {Json(o.VolumePath)}\n");
    }

    private static void Volumes(StringBuilder yaml, ClusterJobOptions o) =>
        yaml.Append(CultureInfo.InvariantCulture, $"      volumes:\n      - name: study\n        persistentVolumeClaim:\n          claimName: {o.VolumeClaim}\n");

    /// <summary>A YAML scalar as a JSON string (YAML 1.2 reads JSON strings as they are).</summary>
    private static string Json(string text) => JsonSerializer.Serialize(text, Escaping);

    private static readonly JsonSerializerOptions Escaping = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
