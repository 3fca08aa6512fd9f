using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>Loads MadryLab <c>robustness</c> checkpoints (adversarially trained ImageNet/CIFAR models) into our models.</summary>
/// <remarks>
/// Layout (MadryLab/robustness, robustness/model_utils.py and attacker.py): a dict with <c>model</c> (or <c>state_dict</c>)
/// holding <c>module.model.*</c> (the classifier, torchvision key names), <c>module.attacker.model.*</c> (the same weights
/// again), <c>module.normalizer.new_mean/new_std</c> and <c>module.attacker.normalize.new_mean/new_std</c>.
/// Whole training checkpoints as robustness' train.py saves them (<c>{'model', 'optimizer', 'schedule', 'epoch', 'amp'}</c>)
/// load from <c>model</c>; the other entries are not read and are listed in <see cref="WeightLoadReport.IgnoredEntries"/>.
/// We keep <c>model.*</c>, drop the attacker copy and the normalizer buffers (our models normalize their own input,
/// <see cref="ImageNetStatistics"/>), and check that the dropped normalizer holds the statistics our model applies.
/// </remarks>
public static class RobustnessCheckpoint
{
    /// <summary>Reads a robustness checkpoint and loads its classifier weights into <paramref name="model"/>.</summary>
    /// <param name="model">Target (e.g. <see cref="ResNet"/> with <see cref="ResNetOptions.ResNet50ImageNet"/>).</param>
    /// <param name="path">Checkpoint (.pt/.pth, zip or legacy torch.save; the state dict itself or a train.py checkpoint whose <c>model</c> entry holds it).</param>
    /// <param name="strict">true: any missing/unexpected/mismatched key is an error.</param>
    /// <param name="expectedMean">Normalization mean the model applies; the checkpoint's normalizer must match (default ImageNet).</param>
    /// <param name="expectedStd">Normalization std the model applies (default ImageNet).</param>
    /// <returns>The report; <see cref="WeightLoadReport.RenamedKeys"/> maps <c>module.model.X</c> to <c>X</c> and <see cref="WeightLoadReport.DroppedKeys"/> lists the attacker copy and normalizer buffers.</returns>
    public static WeightLoadReport Load(nn.Module model, string path, bool strict = true, IReadOnlyList<float>? expectedMean = null, IReadOnlyList<float>? expectedStd = null)
    {
        Guard.NotNull(model);
        using var stateDict = StateDict.Read(path);
        return stateDict.LoadRobustnessInto(model, strict, expectedMean, expectedStd);
    }

    /// <summary>
    /// Loads either layout, strictly, reading the file once: a MadryLab robustness checkpoint (as <see cref="Load"/>) or a
    /// plain torchvision-layout state dict / TorchSharp file (as <see cref="ModelWeights.Load"/>).
    /// </summary>
    /// <param name="model">Target model.</param>
    /// <param name="path">Weights file.</param>
    /// <exception cref="WeightLoadException">The keys or shapes do not fit the model; it is unchanged.</exception>
    public static WeightLoadReport LoadEitherLayout(nn.Module model, string path)
    {
        Guard.NotNull(model);
        using var stateDict = StateDict.Read(path);
        return stateDict.LoadEitherLayoutInto(model);
    }

    /// <summary>Whether a state dict has the robustness layout (<c>module.model.*</c> keys beside the attacker copy or the normalizer buffers).</summary>
    /// <param name="stateDict">Keys and tensors as read by <see cref="ModelWeights.Read"/>.</param>
    public static bool IsRobustnessLayout(IReadOnlyDictionary<string, Tensor> stateDict) => WeightLayouts.IsRobustness(Guard.NotNull(stateDict).Keys);

    internal static WeightLoadReport Apply(nn.Module model, IReadOnlyDictionary<string, Tensor> raw, string path, bool strict, IReadOnlyList<float>? expectedMean, IReadOnlyList<float>? expectedStd, WeightFormat format = WeightFormat.PyTorch)
    {
        {
            var mapped = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
            var dropped = new List<string>();
            foreach (var (original, value) in raw)
            {
                string key = WeightKeys.WithoutDataParallel(original);
                if (WeightKeys.IsRobustnessCopy(key))
                {
                    dropped.Add(original);
                    continue;
                }

                if (!key.StartsWith(WeightKeys.RobustnessModel, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"'{path}' does not look like a robustness checkpoint: key '{original}' is neither module.model.* nor an attacker/normalizer entry.");
                }

                key = key[WeightKeys.RobustnessModel.Length..];
                mapped[key] = value;
                renamed[key] = original;
            }

            if (mapped.Count == 0)
            {
                throw new InvalidDataException($"'{path}' has no module.model.* keys; it is not a robustness checkpoint.");
            }

            CheckNormalizer(raw, "module.normalizer.new_mean", expectedMean ?? ImageNetStatistics.Mean, path);
            CheckNormalizer(raw, "module.normalizer.new_std", expectedStd ?? ImageNetStatistics.Std, path);
            var options = WeightLoadOptions.Default with { Strict = strict, StripPrefixes = Array.Empty<string>() };
            return ModelWeights.Apply(model, mapped, options, path, format, renamed, dropped);
        }
    }

    private static void CheckNormalizer(IReadOnlyDictionary<string, Tensor> raw, string key, IReadOnlyList<float> expected, string path)
    {
        if (!raw.TryGetValue(key, out var value))
        {
            return;
        }

        var actual = value.to_type(ScalarType.Float32).flatten().data<float>().ToArray();
        if (actual.Length != expected.Count || actual.Zip(expected).Any(p => Math.Abs(p.First - p.Second) > 1e-6f))
        {
            throw new InvalidDataException(
                $"'{path}': {key} = ({string.Join(", ", actual)}) differs from the normalization the model applies ({string.Join(", ", expected)}); build the model with NormalizeInput = false and normalize yourself, or pass expectedMean/expectedStd.");
        }
    }
}
