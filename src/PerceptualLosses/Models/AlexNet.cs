using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>
/// AlexNet ("one weird trick" variant) whose <c>state_dict</c> keys and shapes equal torchvision's (<c>features.0/3/6/8/10.*</c>,
/// <c>classifier.1/4/6.*</c>), so <c>alexnet-owt-7be5be79.pth</c> loads by key; taps <c>relu1..relu5</c> are LPIPS'.
/// </summary>
/// <remarks>
/// Paper: A. Krizhevsky, "One weird trick for parallelizing convolutional neural networks", arXiv 1404.5997.
/// Reference implementation: torchvision/models/alexnet.py (<c>AlexNet</c>); taps as in richzhang/PerceptualSimilarity
/// <c>lpips/pretrained_networks.py</c> (<c>alexnet</c>: outputs of <c>features[0:2), [2:5), [5:8), [8:10), [10:12)</c>).
/// Input <c>[B,3,H,W]</c> goes to the first conv as is (ImageNet-normalised RGB for classification; LPIPS applies its own
/// scaling first). Differences from torchvision: ReLUs are not in place; the classifier can be omitted.
/// </remarks>
public sealed class AlexNet : Module<Tensor, Tensor>, IFeatureExtractor
{
#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d? avgpool;
    private readonly Sequential? classifier;
#pragma warning restore IDE1006

    private readonly FeatureTaps _taps;

    /// <summary>Builds a randomly initialised AlexNet (PyTorch's default layer initialisation, as torchvision).</summary>
    /// <param name="numClasses">Classifier outputs (ImageNet: 1000).</param>
    /// <param name="includeClassifier">False builds <c>features</c> only (the LPIPS trunk); <c>classifier.*</c> keys of a file are then ignored by a loader told so.</param>
    public AlexNet(int numClasses = 1000, bool includeClassifier = true)
        : base("alexnet")
    {
        PerceptualLosses.Common.Guard.AtLeast(numClasses, 1);
        var layers = new Module<Tensor, Tensor>[]
        {
            Conv2d(3, 64, kernel_size: 11, stride: 4, padding: 2),
            ReLU(inplace: false),
            MaxPool2d(kernel_size: 3, stride: 2),
            Conv2d(64, 192, kernel_size: 5, padding: 2),
            ReLU(inplace: false),
            MaxPool2d(kernel_size: 3, stride: 2),
            Conv2d(192, 384, kernel_size: 3, padding: 1),
            ReLU(inplace: false),
            Conv2d(384, 256, kernel_size: 3, padding: 1),
            ReLU(inplace: false),
            Conv2d(256, 256, kernel_size: 3, padding: 1),
            ReLU(inplace: false),
            MaxPool2d(kernel_size: 3, stride: 2),
        };
        features = Sequential(layers);
        _taps = new FeatureTaps("AlexNet", layers, Taps, Geometry);
        if (includeClassifier)
        {
            avgpool = AdaptiveAvgPool2d(ClassifierGrid);
            classifier = Sequential(
                Dropout(DropoutProbability),
                Linear(FeatureChannels * ClassifierGrid * ClassifierGrid, HiddenUnits),
                ReLU(inplace: false),
                Dropout(DropoutProbability),
                Linear(HiddenUnits, HiddenUnits),
                ReLU(inplace: false),
                Linear(HiddenUnits, numClasses));
        }

        RegisterComponents();
    }

    /// <summary>Channels of the last conv layer (torchvision: 256).</summary>
    public const int FeatureChannels = 256;

    /// <summary>Hidden width of the two fully connected layers (torchvision: 4096).</summary>
    public const int HiddenUnits = 4096;

    /// <summary>Side of the adaptive average pooling grid before the classifier (torchvision: 6).</summary>
    public const int ClassifierGrid = 6;

    /// <summary>Dropout probability in the classifier (torchvision: 0.5; inactive in eval mode).</summary>
    public const double DropoutProbability = 0.5;

    /// <summary>Channels at the taps <c>relu1..relu5</c> (LPIPS' <c>chns</c> for <c>net='alex'</c>).</summary>
    public static IReadOnlyList<long> TapChannels { get; } = new long[] { 64, 192, 384, 256, 256 };

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
        if (classifier is null || avgpool is null)
        {
            return x.MoveToOuterDisposeScope();
        }

        return classifier.call(avgpool.call(x).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Runs <c>features</c> only up to the deepest requested tap; the classifier is never run.</remarks>
    public IReadOnlyDictionary<string, Tensor> Features(Tensor input, IReadOnlyCollection<string> layers) =>
        _taps.Run(input, parameters().First(), layers);

    private static readonly (string Name, int Index)[] Taps =
    {
        ("relu1", 1), ("relu2", 4), ("relu3", 7), ("relu4", 9), ("relu5", 11),
    };

    private static readonly TrunkGeometry Geometry = new(new (long, long, long, bool)?[]
    {
        (11, 4, 2, false), null, (3, 2, 0, false),
        (5, 1, 2, false), null, (3, 2, 0, false),
        (3, 1, 1, false), null, (3, 1, 1, false), null, (3, 1, 1, false), null, (3, 2, 0, false),
    });
}
