using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>
/// ResNet-50/101 block: 1x1 conv-BN-ReLU, 3x3 conv (stride here, torchvision "v1.5")-BN-ReLU, 1x1 conv to 4x width-BN,
/// + identity (or 1x1 conv-BN projection), ReLU (torchvision <c>Bottleneck</c>; MadryLab robustness uses the same layout).
/// </summary>
internal sealed class ResNetBottleneck : Module<Tensor, Tensor>
{
    public const int Expansion = 4;

#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006

    public ResNetBottleneck(long inPlanes, long planes, long stride, Sequential? downsample)
        : base(nameof(ResNetBottleneck))
    {
        conv1 = Conv2d(inPlanes, planes, kernel_size: 1, bias: false);
        bn1 = BatchNorm2d(planes);
        conv2 = Conv2d(planes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        conv3 = Conv2d(planes, planes * Expansion, kernel_size: 1, bias: false);
        bn3 = BatchNorm2d(planes * Expansion);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var identity = downsample is null ? input : downsample.call(input);
        var x = functional.relu(bn1.call(conv1.call(input)));
        x = functional.relu(bn2.call(conv2.call(x)));
        x = bn3.call(conv3.call(x));
        return functional.relu(x.add_(identity)).MoveToOuterDisposeScope();
    }
}
