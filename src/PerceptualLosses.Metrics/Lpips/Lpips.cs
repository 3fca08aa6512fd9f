using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Metrics;

/// <summary>
/// Learned Perceptual Image Patch Similarity, v0.1 (Zhang, Isola, Efros, Shechtman &amp; Wang, CVPR 2018,
/// doi:10.1109/CVPR.2018.00068), as in richzhang/PerceptualSimilarity <c>lpips/lpips.py</c>.
/// </summary>
/// <remarks>
/// d(x₀, x₁) = Σ_l mean_{h,w} w_lᵀ (n̂₀ˡ − n̂₁ˡ)², where n̂ˡ is the trunk's layer-l activation divided by its channel
/// norm (+ 1e-10) and w_l the learned non-negative 1×1 weights (<c>lin0..lin4</c>; <c>lin0..lin6</c> on SqueezeNet). Input
/// scaling: <see cref="ScalingLayer"/> on [-1,1] images; the trunk must run without its own ImageNet normalisation
/// (torchvision <c>features</c> of VGG-16, AlexNet or SqueezeNet 1.1: see <see cref="LpipsNet"/> and <see cref="LpipsFactory"/>).
/// Lower is more similar (<see cref="HigherIsBetter"/> is false). Differentiable: usable as a loss.
/// Scoring with lin weights that were never loaded or trained is refused, since it gives arbitrary numbers.
/// </remarks>
public sealed class Lpips : Module<Tensor, Tensor, Tensor>, PerceptualLosses.Metrics.IImageMetric
{
#pragma warning disable IDE1006 // Field names are state_dict keys, as in the reference.
    private readonly ScalingLayer scaling_layer;
    private readonly Module<Tensor, Tensor> net;
    private readonly NetLinLayer lin0;
    private readonly NetLinLayer? lin1;
    private readonly NetLinLayer? lin2;
    private readonly NetLinLayer? lin3;
    private readonly NetLinLayer? lin4;
    private readonly NetLinLayer? lin5;
    private readonly NetLinLayer? lin6;
#pragma warning restore IDE1006
    private readonly IFeatureExtractor trunk;
    private readonly NetLinLayer[] lins;

    /// <summary>
    /// Creates LPIPS on a trunk (VGG-16 features built without input normalisation, AlexNet or SqueezeNet 1.1 features). Channel counts are read by one
    /// forward pass of a small blank image.
    /// </summary>
    /// <param name="trunk">A module that is also an <see cref="IFeatureExtractor"/> with <paramref name="options"/>' layers.</param>
    /// <param name="options">Input range, taps, epsilon.</param>
    public Lpips(Module<Tensor, Tensor> trunk, LpipsOptions options)
        : base(nameof(Lpips))
    {
        Guard.NotNull(trunk);
        Guard.NotNull(options);
        options.Validate();
        this.trunk = trunk as IFeatureExtractor
            ?? throw new ArgumentException($"The LPIPS trunk must implement {nameof(IFeatureExtractor)}.", nameof(trunk));
        var unknown = options.Layers.Where(l => !this.trunk.LayerNames.Contains(l, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown trunk layer(s) {string.Join(", ", unknown)}; valid: {string.Join(", ", this.trunk.LayerNames)}.", nameof(options));
        }

        if (options.Layers.Count > MaxLayers)
        {
            throw new ArgumentException($"LPIPS supports at most {MaxLayers} trunk layers (lin0..lin{MaxLayers - 1}, as SqueezeNet's).", nameof(options));
        }

        Options = options;
        scaling_layer = new ScalingLayer();
        net = trunk;
        long[] channels = ProbeChannels();
        lins = channels.Select(c => new NetLinLayer(c)).ToArray();
        lin0 = lins[0];
        lin1 = lins.ElementAtOrDefault(1);
        lin2 = lins.ElementAtOrDefault(2);
        lin3 = lins.ElementAtOrDefault(3);
        lin4 = lins.ElementAtOrDefault(4);
        lin5 = lins.ElementAtOrDefault(5);
        lin6 = lins.ElementAtOrDefault(6);
        RegisterComponents();
        foreach (var p in net.parameters())
        {
            p.requires_grad = false;
        }

        eval();
    }

    /// <summary>
    /// Runs the trunk in <paramref name="compute"/>'s precision and layout (<see cref="Vgg.UseCompute"/>; VGG trunks only);
    /// the scaling layer, lin layers and the distance stay float32. Call after loading the trunk weights.
    /// </summary>
    /// <param name="compute">Precision and layout of the trunk; bfloat16 costs about 1e-3 absolute in distance (docs/performance.md).</param>
    /// <returns>This LPIPS.</returns>
    /// <exception cref="ArgumentException">The trunk is not a <see cref="Vgg"/>, or the combination cannot run on its device.</exception>
    public Lpips UseCompute(ComputeOptions compute)
    {
        Guard.NotNull(compute, nameof(compute));
        if (net is not Vgg vgg)
        {
            throw new ArgumentException($"Reduced precision and channels-last are implemented for VGG trunks; this trunk is {net.GetType().Name}.", nameof(compute));
        }

        vgg.UseCompute(compute);
        return this;
    }

    /// <summary>Most trunk taps (and lin layers) an LPIPS network has: seven, SqueezeNet's.</summary>
    public const int MaxLayers = 7;

    /// <summary>The settings.</summary>
    public LpipsOptions Options { get; }

    /// <summary>Whether the lin weights were loaded (or are being trained); scoring refuses otherwise.</summary>
    public bool WeightsReady { get; private set; }

    /// <inheritdoc />
    public string Name => "lpips";

    /// <summary>Where the weights came from (file names and hashes), for reports; empty until set by a loader.</summary>
    public string Provenance { get; set; } = "";

    /// <inheritdoc />
    public bool HigherIsBetter => false;

    /// <summary>The learned 1×1 layers, in tap order.</summary>
    public IReadOnlyList<NetLinLayer> LinLayers => lins;

    /// <summary>Marks the lin weights as usable, after they were set by training or by a loader.</summary>
    public void MarkWeightsReady() => WeightsReady = true;

    /// <summary>
    /// Writes the lin weights in the reference layout (<c>lin{k}.model.1.weight</c>, <c>[1,C,1,1]</c>; PyTorch format for
    /// <c>.pt/.pth</c>, safetensors for <c>.safetensors</c>), the file <see cref="LpipsFactory"/> and the official
    /// <c>lpips</c> package load.
    /// </summary>
    /// <param name="path">Output file.</param>
    public void SaveLinWeights(string path)
    {
        using var scope = NewDisposeScope();
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int k = 0; k < lins.Length; k++)
        {
            weights[$"lin{k}.model.1.weight"] = lins[k].Weight;
        }

        PerceptualLosses.Models.ModelWeights.SaveStateDict(weights, path);
    }

    /// <summary>
    /// Copies lin weights from a reference-format dictionary (<c>lin{k}.model.1.weight</c>, shape <c>[1,C,1,1]</c>);
    /// other keys are ignored. Missing, mis-shaped or surplus lin keys are an error listing them; nothing is copied then.
    /// </summary>
    public void LoadLinWeights(IReadOnlyDictionary<string, Tensor> weights)
    {
        Guard.NotNull(weights);
        var problems = new List<string>();
        for (int k = 0; k < lins.Length; k++)
        {
            string key = $"lin{k}.model.1.weight";
            var target = lins[k].Weight;
            if (!weights.TryGetValue(key, out var value))
            {
                problems.Add($"missing {key} [{Guard.Shape(target)}]");
            }
            else if (!value.shape.SequenceEqual(target.shape))
            {
                problems.Add($"{key}: file has [{Guard.Shape(value)}], model needs [{Guard.Shape(target)}]");
            }
        }

        for (int k = lins.Length; k < MaxLayers; k++)
        {
            if (weights.ContainsKey($"lin{k}.model.1.weight"))
            {
                problems.Add($"unexpected lin{k}.model.1.weight (this LPIPS has {lins.Length} layers)");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("LPIPS lin weights do not match: " + string.Join("; ", problems) + ".", nameof(weights));
        }

        using (no_grad())
        {
            for (int k = 0; k < lins.Length; k++)
            {
                lins[k].Weight.copy_(weights[$"lin{k}.model.1.weight"]);
            }
        }

        WeightsReady = true;
    }

    /// <summary>Distance per image pair: <c>[B,3,H,W]</c> × 2 → <c>[B]</c> (symmetric; the order is <c>(prediction, target)</c> as for every metric).</summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images in <see cref="LpipsOptions.InputRange"/>.</param>
    /// <param name="target">Target (reference) images, same shape.</param>
    public Tensor Compute(Tensor prediction, Tensor target) => forward(prediction, target);

    /// <summary>Distance per image pair as <c>[B,1,1,1]</c> (the reference's output shape).</summary>
    public override Tensor forward(Tensor input0, Tensor input1)
    {
        using var scope = NewDisposeScope();
        var maps = LayerDistances(input0, input1);
        Tensor total = maps[0].mean(new long[] { 2, 3 });
        for (int k = 1; k < maps.Count; k++)
        {
            total = total + maps[k].mean(new long[] { 2, 3 });
        }

        return total.flatten().MoveToOuterDisposeScope();
    }

    /// <summary>The spatial distance map <c>[B,1,H,W]</c>: each layer's map upsampled bilinearly to the input size, summed.</summary>
    public Tensor SpatialMap(Tensor input0, Tensor input1)
    {
        using var scope = NewDisposeScope();
        var maps = LayerDistances(input0, input1);
        long[] size = { input0.shape[2], input0.shape[3] };
        Tensor total = zeros_like(input0.narrow(1, 0, 1));
        foreach (var map in maps)
        {
            total = total + nn.functional.interpolate(map, size: size, mode: InterpolationMode.Bilinear, align_corners: false);
        }

        return total.MoveToOuterDisposeScope();
    }

    private List<Tensor> LayerDistances(Tensor input0, Tensor input1)
    {
        if (!WeightsReady)
        {
            throw new InvalidOperationException("LPIPS lin weights were never loaded; load the official weights (LoadLinWeights) or train them before scoring.");
        }

        Guard.IsImageBatch(input0, channels: 3);
        Guard.IsImageBatch(input1, channels: 3);
        Guard.SameShape(input0, input1);
        Guard.SameDevice(input0, input1);
        if (Options.InputRange == LpipsInputRange.ZeroToOne)
        {
            Guard.InRange(input0, 0, 1);
            Guard.InRange(input1, 0, 1);
            input0 = input0 * 2 - 1;
            input1 = input1 * 2 - 1;
        }
        else
        {
            Guard.InRange(input0, -1, 1);
            Guard.InRange(input1, -1, 1);
        }

        var f0 = trunk.Features(scaling_layer.call(input0), Options.Layers);
        var f1 = trunk.Features(scaling_layer.call(input1), Options.Layers);
        var maps = new List<Tensor>(lins.Length);
        for (int k = 0; k < lins.Length; k++)
        {
            string layer = Options.Layers[k];
            var diff = (NormalizeChannels(f0[layer]) - NormalizeChannels(f1[layer])).pow(2);
            maps.Add(lins[k].call(diff));
        }

        return maps;
    }

    private Tensor NormalizeChannels(Tensor features) =>
        features / (features.pow(2).sum(1, keepdim: true).sqrt() + Options.Epsilon);

    private long[] ProbeChannels()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = net.parameters().FirstOrDefault()?.device ?? CPU;
        const int ProbeSize = 64; // enough for five poolings of VGG-16 and for AlexNet's and SqueezeNet's strided layers
        var blank = zeros(1, 3, ProbeSize, ProbeSize, device: device);
        var features = trunk.Features(blank, Options.Layers);
        return Options.Layers.Select(l => features[l].shape[1]).ToArray();
    }
}
