using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>
/// SqueezeNet 1.1 whose <c>state_dict</c> keys and shapes equal torchvision's <c>squeezenet1_1</c>
/// (<c>features.0.*</c>, <c>features.3..12.squeeze/expand1x1/expand3x3.*</c>, <c>classifier.1.*</c>), so
/// <c>squeezenet1_1-b8a52dc0.pth</c> loads by key; taps <c>relu1..relu7</c> are LPIPS'.
/// </summary>
/// <remarks>
/// Paper: F. N. Iandola et al., "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and &lt;0.5MB model size",
/// arXiv 1602.07360 (version 1.1 from the authors' repository, as in torchvision).
/// Reference implementation: torchvision/models/squeezenet.py (<c>SqueezeNet(version="1_1")</c>, <c>Fire</c>); taps as in
/// richzhang/PerceptualSimilarity <c>lpips/pretrained_networks.py</c> (<c>squeezenet</c>: outputs of
/// <c>features[0:2), [2:5), [5:8), [8:10), [10], [11], [12]</c>).
/// Input <c>[B,3,H,W]</c> goes to the first conv as is. Differences from torchvision: ReLUs are not in place; the classifier
/// can be omitted.
/// </remarks>
public sealed class SqueezeNet : Module<Tensor, Tensor>, IFeatureExtractor
{
#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Sequential features;
    private readonly Sequential? classifier;
#pragma warning restore IDE1006

    private readonly FeatureTaps _taps;

    /// <summary>Builds a randomly initialised SqueezeNet 1.1 (torchvision's initialisation: Kaiming-uniform convs, N(0, 0.01) final conv, zero biases).</summary>
    /// <param name="numClasses">Classifier outputs (ImageNet: 1000).</param>
    /// <param name="includeClassifier">False builds <c>features</c> only (the LPIPS trunk).</param>
    public SqueezeNet(int numClasses = 1000, bool includeClassifier = true)
        : base("squeezenet1_1")
    {
        PerceptualLosses.Common.Guard.AtLeast(numClasses, 1);
        var layers = new Module<Tensor, Tensor>[]
        {
            Conv2d(3, 64, kernel_size: 3, stride: 2),
            ReLU(inplace: false),
            MaxPool2d(kernel_size: 3, stride: 2, ceil_mode: true),
            new SqueezeNetFire(64, 16, 64, 64),
            new SqueezeNetFire(128, 16, 64, 64),
            MaxPool2d(kernel_size: 3, stride: 2, ceil_mode: true),
            new SqueezeNetFire(128, 32, 128, 128),
            new SqueezeNetFire(256, 32, 128, 128),
            MaxPool2d(kernel_size: 3, stride: 2, ceil_mode: true),
            new SqueezeNetFire(256, 48, 192, 192),
            new SqueezeNetFire(384, 48, 192, 192),
            new SqueezeNetFire(384, 64, 256, 256),
            new SqueezeNetFire(512, 64, 256, 256),
        };
        features = Sequential(layers);
        _taps = new FeatureTaps("SqueezeNet 1.1", layers, Taps, Geometry);
        Conv2d? finalConv = null;
        if (includeClassifier)
        {
            finalConv = Conv2d(FeatureChannels, numClasses, kernel_size: 1);
            classifier = Sequential(Dropout(DropoutProbability), finalConv, ReLU(inplace: false), AdaptiveAvgPool2d(1));
        }

        RegisterComponents();
        InitializeWeights(finalConv);
    }

    /// <summary>Channels of the last Fire module (torchvision: 512).</summary>
    public const int FeatureChannels = 512;

    /// <summary>Dropout probability before the final conv (torchvision: 0.5; inactive in eval mode).</summary>
    public const double DropoutProbability = 0.5;

    /// <summary>Channels at the taps <c>relu1..relu7</c> (LPIPS' <c>chns</c> for <c>net='squeeze'</c>).</summary>
    public static IReadOnlyList<long> TapChannels { get; } = new long[] { 64, 128, 256, 384, 384, 512, 512 };

    /// <inheritdoc />
    public IReadOnlyList<string> LayerNames => _taps.Names;

    /// <summary>Minimum input height/width accepted by <see cref="forward"/>.</summary>
    public int MinimumInputSize => _taps.MinimumInputSize;

    /// <summary>Classifier logits <c>[B,NumClasses]</c>, or, without a classifier, the output of <c>features</c>.</summary>
    /// <param name="input">Image batch <c>[B,3,H,W]</c>, H and W at least <see cref="MinimumInputSize"/>.</param>
    public override Tensor forward(Tensor input)
    {
        _taps.CheckInput(input, parameters().First(), _taps.LastIndex, "the full network");
        using var scope = NewDisposeScope();
        var x = features.call(input);
        if (classifier is null)
        {
            return x.MoveToOuterDisposeScope();
        }

        return classifier.call(x).flatten(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Runs <c>features</c> only up to the deepest requested tap; the classifier is never run.</remarks>
    public IReadOnlyDictionary<string, Tensor> Features(Tensor input, IReadOnlyCollection<string> layers) =>
        _taps.Run(input, parameters().First(), layers);

    private void InitializeWeights(Conv2d? finalConv)
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            if (module is Conv2d conv)
            {
                if (ReferenceEquals(conv, finalConv))
                {
                    init.normal_(conv.weight, mean: 0, std: 0.01);
                }
                else
                {
                    init.kaiming_uniform_(conv.weight);
                }

                if (conv.bias is not null)
                {
                    init.zeros_(conv.bias);
                }
            }
        }
    }

    private static readonly (string Name, int Index)[] Taps =
    {
        ("relu1", 1), ("relu2", 4), ("relu3", 7), ("relu4", 9), ("relu5", 10), ("relu6", 11), ("relu7", 12),
    };

    private static readonly TrunkGeometry Geometry = new(new (long, long, long, bool)?[]
    {
        (3, 2, 0, false), null, (3, 2, 0, true),
        null, null, (3, 2, 0, true),
        null, null, (3, 2, 0, true),
        null, null, null, null,
    });
}
