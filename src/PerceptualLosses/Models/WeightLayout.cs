namespace PerceptualLosses.Models;

/// <summary>Key layouts <see cref="ModelWeights.Inspect"/> recognises in a weights file.</summary>
public enum WeightLayout
{
    /// <summary>None of the layouts below.</summary>
    Unknown,

    /// <summary>torchvision <c>vgg11…vgg19(_bn)</c>: <c>features.N.*</c>, optionally <c>classifier.{0,3,6}.*</c>.</summary>
    TorchvisionVgg,

    /// <summary>torchvision <c>resnet18…resnet152</c>: <c>conv1</c>, <c>bn1</c>, <c>layer1…4</c>, <c>fc</c>.</summary>
    TorchvisionResNet,

    /// <summary>torchvision <c>alexnet</c>: <c>features.{0,3,6,8,10}</c> (11×11 first kernel), <c>classifier.{1,4,6}</c>.</summary>
    TorchvisionAlexNet,

    /// <summary>torchvision <c>squeezenet1_0/1_1</c>: <c>features.N.squeeze/expand1x1/expand3x3</c>, <c>classifier.1</c>.</summary>
    TorchvisionSqueezeNet,

    /// <summary>MadryLab robustness: <c>module.model.*</c> (one of the torchvision layouts), <c>module.attacker.model.*</c>, normalizer buffers.</summary>
    RobustnessCheckpoint,

    /// <summary>LPIPS v0.1 linear layers: <c>lin{k}.model.1.weight</c> of shape [1,C,1,1].</summary>
    LpipsLin,

    /// <summary>Our <see cref="Models.EnhanceNet"/>: <c>conv_first</c>, <c>residual_blocks</c>, <c>upsample_convs</c>, <c>conv_hr</c>, <c>conv_last</c>.</summary>
    EnhanceNet,

    /// <summary>Our small CPU classifier (<c>train-classifier --arch small-cnn</c>): <c>conv1</c>, <c>conv2</c>, <c>fc1</c>, <c>fc2</c>.</summary>
    SmallCnnClassifier,
}
