using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>EnhanceNet residual block: conv-ReLU-conv + identity, no batch norm and no ReLU after the sum (EnhanceNet-Code nnlib.py <c>resi</c>).</summary>
internal sealed class EnhanceNetResidualBlock : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
#pragma warning restore IDE1006

    public EnhanceNetResidualBlock(long channels)
        : base(nameof(EnhanceNetResidualBlock))
    {
        conv1 = EnhanceNet.Conv(channels, channels);
        conv2 = EnhanceNet.Conv(channels, channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return conv2.call(functional.relu(conv1.call(input))).add_(input).MoveToOuterDisposeScope();
    }
}
