using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Metrics;

/// <summary>
/// LPIPS v0.1 input scaling <c>(x − shift) / scale</c> on [-1,1] images (richzhang/PerceptualSimilarity
/// <c>lpips/lpips.py</c>, <c>ScalingLayer</c>): roughly ImageNet mean/std normalisation expressed on [-1,1].
/// </summary>
public sealed class ScalingLayer : Module<Tensor, Tensor>
{
    /// <summary>Reference shift per RGB channel.</summary>
    public static readonly float[] Shift = { -0.030f, -0.088f, -0.188f };

    /// <summary>Reference scale per RGB channel.</summary>
    public static readonly float[] Scale = { 0.458f, 0.448f, 0.450f };

#pragma warning disable IDE1006, SA1300 // Field names are state_dict keys, as in PyTorch.
    private readonly Tensor shift;
    private readonly Tensor scale;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the layer with the reference constants as buffers.</summary>
    public ScalingLayer()
        : base(nameof(ScalingLayer))
    {
        // Detached from any dispose scope the module is built in: they live as long as the module.
        shift = tensor(Shift).view(1, 3, 1, 1).DetachFromDisposeScope();
        scale = tensor(Scale).view(1, 3, 1, 1).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => (input - shift) / scale;
}
