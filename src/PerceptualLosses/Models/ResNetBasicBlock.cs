using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>ResNet-18/34 block: 3x3 conv-BN-ReLU, 3x3 conv-BN, + identity (or 1x1 conv-BN projection), ReLU (torchvision <c>BasicBlock</c>).</summary>
internal sealed class ResNetBasicBlock : Module<Tensor, Tensor>
{
    public const int Expansion = 1;

#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006

    public ResNetBasicBlock(long inPlanes, long planes, long stride, Sequential? downsample)
        : base(nameof(ResNetBasicBlock))
    {
        conv1 = Conv2d(inPlanes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(planes);
        conv2 = Conv2d(planes, planes, kernel_size: 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var identity = downsample is null ? input : downsample.call(input);
        var x = functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        return functional.relu(x.add_(identity)).MoveToOuterDisposeScope();
    }
}
