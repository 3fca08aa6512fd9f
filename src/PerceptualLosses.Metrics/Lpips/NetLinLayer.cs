using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Metrics;

/// <summary>
/// One learned LPIPS weighting: <c>Sequential(Dropout, Conv2d(C, 1, 1×1, bias=False))</c>, so its weight key is
/// <c>model.1.weight</c> as in the reference's <c>NetLinLayer</c>.
/// </summary>
public sealed class NetLinLayer : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field name is the state_dict key prefix, as in PyTorch.
    private readonly Module<Tensor, Tensor> model;
#pragma warning restore IDE1006

    /// <summary>Creates the layer for <paramref name="channels"/> input channels.</summary>
    public NetLinLayer(long channels)
        : base(nameof(NetLinLayer))
    {
        model = Sequential(Dropout(), Conv2d(channels, 1, kernel_size: 1L, stride: 1L, padding: 0L, bias: false));
        RegisterComponents();
    }

    /// <summary>The 1×1 weights <c>[1, C, 1, 1]</c>.</summary>
    public Tensor Weight => ((TorchSharp.Modules.Conv2d)((TorchSharp.Modules.Sequential)model)[1]).weight!;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => model.call(input);
}
