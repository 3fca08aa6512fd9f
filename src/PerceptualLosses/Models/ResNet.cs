using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>
/// ResNet-18/34/50/101 with torchvision's <c>state_dict</c> keys (<c>conv1</c>, <c>bn1</c>, <c>layer1..4.N.convK/bnK/downsample.0/.1</c>, <c>fc</c>),
/// a classifier forward and feature taps <c>layer1</c> … <c>layer4</c>, <c>avgpool</c>.
/// </summary>
/// <remarks>
/// Paper: K. He, X. Zhang, S. Ren and J. Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, arXiv 1512.03385.
/// Reference implementations: torchvision/models/resnet.py (stride on the bottleneck's 3x3 conv, "ResNet v1.5") and
/// MadryLab robustness imagenet_models/resnet.py (same layout and key names); TorchSharp's port src/TorchVision/models/ResNet.cs.
/// Conventions: input <c>[B,3,H,W]</c> RGB; with <see cref="ResNetOptions.NormalizeInput"/> (default) values in [0,1] and the
/// ImageNet mean/std applied inside, which is what robustness's <c>InputNormalize</c> does (robust checkpoints load through
/// <see cref="RobustnessCheckpoint"/>, which drops the checkpoint's normalizer buffers).
/// The <c>avgpool</c> tap is returned flattened, <c>[B,C]</c>.
/// </remarks>
public sealed class ResNet : Module<Tensor, Tensor>, IFeatureExtractor
{
    private static readonly string[] TapNames = { "layer1", "layer2", "layer3", "layer4", "avgpool" };

#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;
    private readonly InputNormalization? normalize;
#pragma warning restore IDE1006

    /// <summary>Builds a randomly initialized ResNet (torchvision's initialization: Kaiming-normal convs, BN weight 1 / bias 0).</summary>
    /// <param name="options">Architecture; see <see cref="ResNetOptions"/>.</param>
    public ResNet(ResNetOptions options)
        : base($"resnet{Guard.NotNull(options).Depth}")
    {
        options.Validate();
        Options = options;
        long width = options.BaseWidth;
        conv1 = Conv2d(3, width, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(width);
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        long inPlanes = width;
        var blocks = options.BlocksPerStage;
        layer1 = MakeStage(ref inPlanes, width, blocks[0], 1);
        layer2 = MakeStage(ref inPlanes, width * 2, blocks[1], 2);
        layer3 = MakeStage(ref inPlanes, width * 4, blocks[2], 2);
        layer4 = MakeStage(ref inPlanes, width * 8, blocks[3], 2);
        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(inPlanes, options.NumClasses);
        FeatureChannels = inPlanes;
        if (options.NormalizeInput)
        {
            normalize = new InputNormalization(ImageNetStatistics.Mean, ImageNetStatistics.Std);
        }

        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The options this network was built with.</summary>
    public ResNetOptions Options { get; }

    /// <summary>Channels of <c>layer4</c> and the <c>avgpool</c> tap (2048 for ResNet-50 at base width 64).</summary>
    public long FeatureChannels { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> LayerNames => TapNames;

    /// <summary>Arithmetic and memory layout of the layers (default <see cref="ComputeOptions.Fp32"/>); set by <see cref="UseCompute"/>.</summary>
    public ComputeOptions Compute { get; private set; } = ComputeOptions.Fp32;

    /// <summary>
    /// Converts the weights and batch-norm statistics to <paramref name="compute"/>'s dtype and the conv weights to its
    /// layout (call after loading weights); from then on <see cref="forward"/> and <see cref="Features"/> cast their float32
    /// input to it (after the ImageNet normalisation, which stays float32) and return float32 logits and taps.
    /// </summary>
    /// <param name="compute">Precision and layout; float16 is rejected on the CPU.</param>
    /// <returns>This network.</returns>
    /// <exception cref="ArgumentException">A combination the network's device cannot run.</exception>
    public ResNet UseCompute(ComputeOptions compute)
    {
        Guard.NotNull(compute);
        compute.Validate(conv1.weight!.device);
        compute.ApplyTo(this);
        Compute = compute;
        return this;
    }

    /// <summary>Logits <c>[B,NumClasses]</c> (float32).</summary>
    /// <param name="input">Image batch <c>[B,3,H,W]</c>.</param>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        var x = Stem(input);
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return Result(fc.call(avgpool.call(x).flatten(1))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Stops after the deepest requested stage; <c>fc</c> is never run.</remarks>
    public IReadOnlyDictionary<string, Tensor> Features(Tensor input, IReadOnlyCollection<string> layers)
    {
        Guard.NotNull(layers);
        var unknown = layers.Where(l => !TapNames.Contains(l)).ToArray();
        if (unknown.Length > 0 || layers.Count == 0)
        {
            throw new ArgumentException($"Unknown ResNet layer(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} in layers. Valid names: {string.Join(", ", TapNames)}.", nameof(layers));
        }

        CheckInput(input);
        int deepest = layers.Max(l => Array.IndexOf(TapNames, l));
        using var scope = NewDisposeScope();
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var stages = new Module<Tensor, Tensor>[] { layer1, layer2, layer3, layer4 };
        var x = Stem(input);
        for (int i = 0; i <= Math.Min(deepest, 3); i++)
        {
            x = stages[i].call(x);
            if (layers.Contains(TapNames[i]))
            {
                result[TapNames[i]] = Result(x);
            }
        }

        if (deepest == 4)
        {
            result[TapNames[4]] = Result(avgpool.call(x).flatten(1));
        }

        foreach (var t in result.Values)
        {
            t.MoveToOuterDisposeScope();
        }

        return result;
    }

    private Tensor Stem(Tensor input)
    {
        var x = normalize is null ? input : normalize.call(input);
        if (!Compute.IsReference)
        {
            x = Compute.PrepareInput(x);
        }

        return maxpool.call(functional.relu(bn1.call(conv1.call(x))));
    }

    private Tensor Result(Tensor x) => Compute.Precision == NetworkPrecision.Fp32 ? x : x.to_type(ScalarType.Float32);

    private void CheckInput(Tensor input)
    {
        Guard.IsImageBatch(input, channels: 3);
        Guard.SameDevice(conv1.weight!, input, "model", "input");
    }

    private Sequential MakeStage(ref long inPlanes, long planes, int count, long stride)
    {
        int expansion = Options.UsesBottleneck ? ResNetBottleneck.Expansion : ResNetBasicBlock.Expansion;
        Sequential? downsample = null;
        if (stride != 1 || inPlanes != planes * expansion)
        {
            downsample = Sequential(
                Conv2d(inPlanes, planes * expansion, kernel_size: 1, stride: stride, bias: false),
                BatchNorm2d(planes * expansion));
        }

        var blocks = new List<Module<Tensor, Tensor>>();
        for (int i = 0; i < count; i++)
        {
            long blockIn = i == 0 ? inPlanes : planes * expansion;
            long blockStride = i == 0 ? stride : 1;
            var blockDown = i == 0 ? downsample : null;
            blocks.Add(Options.UsesBottleneck
                ? new ResNetBottleneck(blockIn, planes, blockStride, blockDown)
                : new ResNetBasicBlock(blockIn, planes, blockStride, blockDown));
        }

        inPlanes = planes * expansion;
        return Sequential(blocks);
    }

    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
            }
        }
    }
}
