using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>
/// SqueezeNet's Fire module: a 1×1 squeeze conv, then 1×1 and 3×3 expand convs whose ReLU outputs are concatenated along
/// channels; field names as torchvision's <c>Fire</c> (<c>squeeze</c>, <c>expand1x1</c>, <c>expand3x3</c>).
/// </summary>
public sealed class SqueezeNetFire : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Module<Tensor, Tensor> squeeze;
    private readonly Module<Tensor, Tensor> squeeze_activation;
    private readonly Module<Tensor, Tensor> expand1x1;
    private readonly Module<Tensor, Tensor> expand1x1_activation;
    private readonly Module<Tensor, Tensor> expand3x3;
    private readonly Module<Tensor, Tensor> expand3x3_activation;
#pragma warning restore IDE1006

    /// <summary>Creates the module.</summary>
    /// <param name="inputChannels">Input channels.</param>
    /// <param name="squeezeChannels">Outputs of the squeeze conv.</param>
    /// <param name="expand1x1Channels">Outputs of the 1×1 expand conv.</param>
    /// <param name="expand3x3Channels">Outputs of the 3×3 expand conv.</param>
    public SqueezeNetFire(long inputChannels, long squeezeChannels, long expand1x1Channels, long expand3x3Channels)
        : base("Fire")
    {
        squeeze = Conv2d(inputChannels, squeezeChannels, kernel_size: 1);
        squeeze_activation = ReLU(inplace: false);
        expand1x1 = Conv2d(squeezeChannels, expand1x1Channels, kernel_size: 1);
        expand1x1_activation = ReLU(inplace: false);
        expand3x3 = Conv2d(squeezeChannels, expand3x3Channels, kernel_size: 3, padding: 1);
        expand3x3_activation = ReLU(inplace: false);
        OutputChannels = expand1x1Channels + expand3x3Channels;
        RegisterComponents();
    }

    /// <summary>Channels of the output (1×1 plus 3×3 expand channels).</summary>
    public long OutputChannels { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = squeeze_activation.call(squeeze.call(input));
        return cat(new[] { expand1x1_activation.call(expand1x1.call(x)), expand3x3_activation.call(expand3x3.call(x)) }, 1)
            .MoveToOuterDisposeScope();
    }
}
