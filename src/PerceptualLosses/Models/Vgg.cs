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
/// VGG-11/13/16/19 (optionally with batch norm) whose <c>state_dict</c> keys and shapes equal torchvision's
/// (<c>features.N.weight</c>, <c>classifier.0/3/6.*</c>), with named feature taps.
/// </summary>
/// <remarks>
/// Paper: K. Simonyan and A. Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition", ICLR 2015, arXiv 1409.1556.
/// Reference implementation: torchvision/models/vgg.py (<c>VGG</c>, <c>make_layers</c>, <c>cfgs</c>); TorchSharp's port
/// src/TorchVision/models/VGG.cs.
/// Conventions: input <c>[B,3,H,W]</c> RGB; with <see cref="VggOptions.NormalizeInput"/> (default) values in [0,1] and the
/// ImageNet mean/std (<see cref="ImageNetStatistics"/>) are applied inside, otherwise the input goes to the first conv as is.
/// ReLUs are in place as torchvision's (one activation buffer less per layer); a pre-activation tap (<c>conv*_*</c>,
/// <c>bn*_*</c>) read by <see cref="Features"/> is copied before its ReLU overwrites it. Differences from torchvision:
/// average pooling (Gatys et al. 2016) and a width multiplier are options; the classifier can be omitted.
/// </remarks>
public sealed class Vgg : Module<Tensor, Tensor>, IFeatureExtractor
{
    // Field names are the PyTorch attribute names: they become the state_dict keys.
#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d? avgpool;
    private readonly Sequential? classifier;
    private readonly InputNormalization? normalize;
#pragma warning restore IDE1006

    private readonly Module<Tensor, Tensor>[] _featureLayers;

    /// <summary>Builds a randomly initialized VGG (torchvision's initialization: Kaiming-normal convs, N(0, 0.01) linears, zero biases).</summary>
    /// <param name="options">Architecture; see <see cref="VggOptions"/>.</param>
    public Vgg(VggOptions options)
        : base($"vgg{Guard.NotNull(options).Depth}{(options.BatchNorm ? "_bn" : "")}")
    {
        options.Validate();
        Options = options;
        Layers = VggLayers.For(options.Depth, options.BatchNorm);

        var layers = new List<Module<Tensor, Tensor>>();
        long inChannels = 3;
        foreach (var tap in Layers.Taps)
        {
            long width = options.Scale(tap.Channels);
            layers.Add(tap.Kind switch
            {
                VggTapKind.Convolution => Conv2d(inChannels, width, kernel_size: 3, padding: 1),
                VggTapKind.BatchNorm => BatchNorm2d(width),
                VggTapKind.Relu => ReLU(inplace: true),
                VggTapKind.Pool when options.Pooling == VggPooling.Average => AvgPool2d(kernel_size: 2, stride: 2),
                VggTapKind.Pool => MaxPool2d(kernel_size: 2, stride: 2),
                _ => throw new InvalidOperationException($"Unhandled tap kind {tap.Kind}."),
            });
            if (tap.Kind == VggTapKind.Convolution)
            {
                inChannels = width;
            }
        }

        _featureLayers = layers.ToArray();
        features = Sequential(layers);
        FeatureChannels = inChannels;

        if (options.IncludeClassifier)
        {
            long hidden = options.Scale(HiddenUnits);
            avgpool = AdaptiveAvgPool2d(ClassifierGrid);
            classifier = Sequential(
                Linear(inChannels * ClassifierGrid * ClassifierGrid, hidden),
                ReLU(inplace: false),
                Dropout(DropoutProbability),
                Linear(hidden, hidden),
                ReLU(inplace: false),
                Dropout(DropoutProbability),
                Linear(hidden, options.NumClasses));
        }

        if (options.NormalizeInput)
        {
            normalize = new InputNormalization(ImageNetStatistics.Mean, ImageNetStatistics.Std);
        }

        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>Hidden width of the two fully connected layers at width multiplier 1 (torchvision).</summary>
    public const int HiddenUnits = 4096;

    /// <summary>Side of the adaptive average pooling grid before the classifier (torchvision: 7).</summary>
    public const int ClassifierGrid = 7;

    /// <summary>Dropout probability in the classifier (torchvision: 0.5; inactive in eval mode).</summary>
    public const double DropoutProbability = 0.5;

    /// <summary>The options this network was built with.</summary>
    public VggOptions Options { get; }

    /// <summary>The tap table of this configuration.</summary>
    public VggLayers Layers { get; }

    /// <summary>Channels of the last conv block (512 × width multiplier).</summary>
    public long FeatureChannels { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> LayerNames => Layers.Names;

    /// <summary>Minimum input height/width accepted by <see cref="forward"/>.</summary>
    public int MinimumInputSize => Layers.ClassifierMinimumInputSize;

    /// <summary>Arithmetic and memory layout of the layers (default <see cref="ComputeOptions.Fp32"/>); set by <see cref="UseCompute"/>.</summary>
    public ComputeOptions Compute { get; private set; } = ComputeOptions.Fp32;

    /// <summary>
    /// Converts the weights to <paramref name="compute"/>'s dtype and layout (call after loading weights); from then on
    /// <see cref="forward"/> and <see cref="Features"/> cast their float32 input to it and return float32 results.
    /// </summary>
    /// <param name="compute">Precision and layout; float16 is rejected on the CPU.</param>
    /// <returns>This network.</returns>
    /// <exception cref="ArgumentException">A combination the network's device cannot run.</exception>
    public Vgg UseCompute(ComputeOptions compute)
    {
        Guard.NotNull(compute, nameof(compute));
        compute.Validate(parameters().First().device);
        compute.ApplyTo(this);
        Compute = compute;
        return this;
    }

    /// <summary>Classifier logits <c>[B,NumClasses]</c>, or, without a classifier, the <c>pool5</c> feature map (float32).</summary>
    /// <param name="input">Image batch <c>[B,3,H,W]</c>, H and W at least <see cref="MinimumInputSize"/>.</param>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input, MinimumInputSize, "the full network");
        using var scope = NewDisposeScope();
        var x = features.call(Prepare(input));
        if (classifier is null || avgpool is null)
        {
            return Result(x).MoveToOuterDisposeScope();
        }

        x = avgpool.call(x).flatten(1);
        return Result(classifier.call(x)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Runs <c>features</c> only up to the deepest requested tap; the classifier is never run.</remarks>
    public IReadOnlyDictionary<string, Tensor> Features(Tensor input, IReadOnlyCollection<string> layers)
    {
        var taps = Layers.Resolve(layers, nameof(layers));
        var deepest = taps[^1];
        CheckInput(input, deepest.MinimumInputSize, $"layer '{deepest.Name}'");

        using var scope = NewDisposeScope();
        var wanted = taps.ToDictionary(t => t.Index, t => t.Name);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = Prepare(input);
        for (int i = 0; i <= deepest.Index; i++)
        {
            x = _featureLayers[i].call(x);
            if (wanted.TryGetValue(i, out var name))
            {
                // The next ReLU works in place: a pre-activation tap needs its own copy (or the float32 cast is one).
                bool overwritten = i < deepest.Index && _featureLayers[i + 1] is ReLU;
                result[name] = Compute.Precision != NetworkPrecision.Fp32 ? Result(x) : overwritten ? x.clone() : x;
            }
        }

        foreach (var t in result.Values)
        {
            t.MoveToOuterDisposeScope();
        }

        return result;
    }

    /// <summary>The conv layers of <c>features</c> in order (used by feature-map normalization).</summary>
    internal IReadOnlyList<Conv2d> Convolutions =>
        Layers.Taps.Where(t => t.Kind == VggTapKind.Convolution).Select(t => (Conv2d)_featureLayers[t.Index]).ToArray();

    /// <summary>The first linear layer of the classifier (<c>classifier.0</c>), or null for a features-only network.</summary>
    internal Linear? ClassifierInput => classifier is null ? null : (Linear)classifier.children().First();

    // ImageNet normalisation in the input's (float32) precision, then the layers' dtype and layout.
    private Tensor Prepare(Tensor input)
    {
        var x = normalize is null ? input.alias() : normalize.call(input);
        return Compute.IsReference ? x : Compute.PrepareInput(x);
    }

    private Tensor Result(Tensor x) => Compute.Precision == NetworkPrecision.Fp32 ? x : x.to_type(ScalarType.Float32);

    private void CheckInput(Tensor input, int minimumSize, string target)
    {
        Guard.IsImageBatch(input, channels: 3);
        var firstWeight = parameters().First();
        Guard.SameDevice(firstWeight, input, "model", "input");
        long h = input.shape[2], w = input.shape[3];
        if (h < minimumSize || w < minimumSize)
        {
            throw new ArgumentException(
                $"input is {h}x{w} but VGG-{Options.Depth} needs at least {minimumSize}x{minimumSize} pixels for {target} (each 2x2 pooling halves the size and the result must keep at least one pixel).",
                nameof(input));
        }
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
                    if (conv.bias is not null)
                    {
                        init.zeros_(conv.bias);
                    }

                    break;
                case BatchNorm2d bn:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
                case Linear linear:
                    init.normal_(linear.weight, 0, 0.01);
                    if (linear.bias is not null)
                    {
                        init.zeros_(linear.bias);
                    }

                    break;
            }
        }
    }
}
