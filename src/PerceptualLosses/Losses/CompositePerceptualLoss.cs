using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>
/// A weighted sum of E, P and T terms (<see cref="LossSpec"/>) on one feature network: one forward pass of the
/// prediction and one of the target (without gradient) serve every P and T term.
/// </summary>
/// <remarks>
/// Inputs are RGB <c>[B,3,H,W]</c>; the target must be in [0,1]. The feature network receives the images as given
/// (our VGG normalises with ImageNet mean/std inside). When it is a module, the constructor puts it in eval mode and
/// freezes its parameters (<c>requires_grad = false</c>): it is a fixed loss network, gradients flow through it to the
/// prediction only.
/// </remarks>
public sealed class CompositePerceptualLoss : IPerceptualLoss
{
    private readonly IFeatureExtractor? features;
    private readonly string[] layers;

    /// <summary>Creates the loss; checks every layer name against <paramref name="featureNetwork"/>.</summary>
    /// <param name="spec">Terms and texture settings.</param>
    /// <param name="featureNetwork">Required when the spec has P or T terms (e.g. a VGG-19).</param>
    /// <param name="validateTargetRange">Check that targets lie in [0,1] on every call (one device sync per call).</param>
    public CompositePerceptualLoss(LossSpec spec, IFeatureExtractor? featureNetwork = null, bool validateTargetRange = true)
    {
        Spec = Guard.NotNull(spec);
        if (spec.Terms.Count == 0)
        {
            throw new ArgumentException("The loss spec has no terms.", nameof(spec));
        }

        foreach (var term in spec.Terms)
        {
            term.Validate();
        }

        spec.Texture.Validate();
        layers = spec.FeatureLayers.ToArray();
        if (spec.NeedsFeatureNetwork)
        {
            features = featureNetwork ?? throw new ArgumentNullException(nameof(featureNetwork), $"The loss '{spec}' has P or T terms and needs a feature network.");
            if (featureNetwork is nn.Module module)
            {
                module.eval();
                foreach (var parameter in module.parameters())
                {
                    parameter.requires_grad = false;
                }
            }

            var unknown = layers.Where(l => !featureNetwork.LayerNames.Contains(l, StringComparer.Ordinal)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ArgumentException(
                    $"Unknown feature layer(s) {string.Join(", ", unknown)} in loss '{spec}'. Valid layers: {string.Join(", ", featureNetwork.LayerNames)}.",
                    nameof(spec));
            }
        }

        ValidateTargetRange = validateTargetRange;
    }

    /// <summary>
    /// Parses <paramref name="spec"/> against <paramref name="featureNetwork"/>'s layers and builds the loss in one call
    /// (the network is named once; an unknown layer is a <see cref="LossSpecFormatException"/> that points at it).
    /// </summary>
    /// <param name="spec">A spec string such as <c>EPT</c> or <c>E + 0.2*P(pool2)</c> (see <see cref="LossSpec.Parse"/>).</param>
    /// <param name="featureNetwork">The loss network; may be null only for a pixel-only spec.</param>
    /// <param name="reading">Which layers the short names read.</param>
    /// <param name="texture">Patch size and Gram scaling of T terms (the paper's when null).</param>
    /// <param name="validateTargetRange">Check that targets lie in [0,1] on every call.</param>
    public static CompositePerceptualLoss FromSpec(string spec, IFeatureExtractor? featureNetwork, LayerReading reading = LayerReading.EnhanceNet, TextureOptions? texture = null, bool validateTargetRange = true) =>
        new(LossSpec.Parse(spec, reading, texture, featureNetwork?.LayerNames), featureNetwork, validateTargetRange);

    /// <summary>The terms this loss computes.</summary>
    public LossSpec Spec { get; }

    /// <summary>Whether targets are checked to lie in [0,1].</summary>
    public bool ValidateTargetRange { get; }

    /// <inheritdoc />
    public LossResult Compute(Tensor prediction, Tensor target)
    {
        Guard.IsImageBatch(prediction, channels: 3);
        Guard.IsImageBatch(target, channels: 3);
        Guard.SameShape(prediction, target);
        Guard.SameDevice(prediction, target);
        if (ValidateTargetRange)
        {
            Guard.InRange(target, 0, 1);
        }

        using var scope = NewDisposeScope();
        IReadOnlyDictionary<string, Tensor> predicted = EmptyFeatures;
        IReadOnlyDictionary<string, Tensor> wanted = EmptyFeatures;
        if (features is not null)
        {
            predicted = features.Features(prediction, layers);
            using (no_grad())
            {
                wanted = features.Features(target, layers);
            }
        }

        var values = new List<LossTermValue>(Spec.Terms.Count);
        Tensor? total = null;
        foreach (var term in Spec.Terms)
        {
            Tensor value = term.Kind switch
            {
                LossTermKind.Pixel => PixelLoss.Compute(prediction, target),
                LossTermKind.Feature => FeatureReconstructionLoss.Compute(predicted[term.Layer!], wanted[term.Layer!]),
                LossTermKind.Texture => TextureMatchingLoss.Compute(predicted[term.Layer!], wanted[term.Layer!], Spec.Texture, term.Layer!),
                _ => throw new InvalidOperationException($"Unknown loss kind {term.Kind}."),
            };
            values.Add(new LossTermValue(term.Name, term.Weight, value));
            var weighted = value * term.Weight;
            total = total is null ? weighted : total + weighted;
        }

        total!.MoveToOuterDisposeScope();
        foreach (var v in values)
        {
            v.Value.MoveToOuterDisposeScope();
        }

        return new LossResult(total, values);
    }

    private static readonly IReadOnlyDictionary<string, Tensor> EmptyFeatures = new Dictionary<string, Tensor>();
}
