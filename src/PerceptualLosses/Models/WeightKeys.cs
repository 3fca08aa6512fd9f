using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// The one rule for the key prefixes that wrap a model's own key names in checkpoint files: <c>DataParallel</c>'s
/// <c>module.</c>, and in a MadryLab robustness checkpoint <c>model.</c> before the classifier's keys, beside the
/// <c>attacker.model.</c> copy and the <c>normalizer.</c>/<c>attacker.normalize.</c> buffers (robustness, <c>attacker.py</c>).
/// </summary>
public static class WeightKeys
{
    /// <summary>The prefix <c>torch.nn.DataParallel</c> adds to every key of the module it wraps.</summary>
    public const string DataParallel = "module.";

    /// <summary>The prefix of the classifier's keys in a robustness checkpoint (after <see cref="DataParallel"/>).</summary>
    public const string RobustnessModel = "model.";

    private static readonly string[] RobustnessCopies = { "attacker.model.", "normalizer.", "attacker.normalize." };

    /// <summary><paramref name="key"/> without one leading <see cref="DataParallel"/> prefix.</summary>
    /// <param name="key">A key as stored in the file.</param>
    public static string WithoutDataParallel(string key) =>
        Guard.NotNull(key).StartsWith(DataParallel, StringComparison.Ordinal) ? key[DataParallel.Length..] : key;

    /// <summary>Whether <paramref name="key"/> (without <see cref="DataParallel"/>) is a robustness checkpoint's attacker copy or normalizer buffer.</summary>
    /// <param name="key">A key without <see cref="DataParallel"/>.</param>
    public static bool IsRobustnessCopy(string key)
    {
        Guard.NotNull(key);
        foreach (string prefix in RobustnessCopies)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The model's own keys of a state dict (tensors shared, not copied): in a robustness checkpoint the classifier's
    /// <c>model.*</c> keys without their prefixes (the attacker copy and normalizer buffers left out), otherwise every key
    /// without <see cref="DataParallel"/>.
    /// </summary>
    /// <param name="stateDict">Keys as stored in the file.</param>
    public static Dictionary<string, Tensor> ModelKeys(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        Guard.NotNull(stateDict);
        bool robustness = RobustnessCheckpoint.IsRobustnessLayout(stateDict);
        var keys = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (original, value) in stateDict)
        {
            string key = WithoutDataParallel(original);
            if (robustness)
            {
                if (IsRobustnessCopy(key) || !key.StartsWith(RobustnessModel, StringComparison.Ordinal))
                {
                    continue;
                }

                key = key[RobustnessModel.Length..];
            }

            keys[key] = value;
        }

        return keys;
    }
}
