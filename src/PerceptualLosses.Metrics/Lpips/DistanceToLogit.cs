using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Metrics;

/// <summary>
/// The small ranking network of LPIPS training (richzhang/PerceptualSimilarity <c>lpips/lpips.py</c>, <c>Dist2LogitLayer</c>):
/// from two distances d₀, d₁ <c>[B,1,1,1]</c> builds [d₀, d₁, d₀−d₁, d₀/(d₁+ε), d₁/(d₀+ε)] and maps it through 1×1 convolutions
/// 5→32→32→1 with LeakyReLU(0.2) and a sigmoid to the predicted probability that humans prefer p₁.
/// Field <c>model</c> gives the reference's keys (<c>model.0.weight</c>, …).
/// </summary>
public sealed class DistanceToLogit : Module<Tensor, Tensor, Tensor>
{
    /// <summary>ε of the ratio features (reference: 0.1).</summary>
    public const double RatioEpsilon = 0.1;

    /// <summary>Hidden width (reference: 32).</summary>
    public const int HiddenChannels = 32;

    /// <summary>LeakyReLU slope (reference: 0.2).</summary>
    public const double NegativeSlope = 0.2;

#pragma warning disable IDE1006 // Field name is the state_dict key prefix, as in PyTorch.
    private readonly Module<Tensor, Tensor> model;
#pragma warning restore IDE1006

    /// <summary>Creates the network with PyTorch's default initialisation.</summary>
    public DistanceToLogit()
        : base(nameof(DistanceToLogit))
    {
        model = Sequential(
            Conv2d(5, HiddenChannels, kernel_size: 1L, stride: 1L, padding: 0L, bias: true),
            LeakyReLU(NegativeSlope),
            Conv2d(HiddenChannels, HiddenChannels, kernel_size: 1L, stride: 1L, padding: 0L, bias: true),
            LeakyReLU(NegativeSlope),
            Conv2d(HiddenChannels, 1, kernel_size: 1L, stride: 1L, padding: 0L, bias: true),
            Sigmoid());
        RegisterComponents();
    }

    /// <summary>Probability <c>[B,1,1,1]</c> that p₁ is judged closer to the reference, from d₀ and d₁ (<c>[B,1,1,1]</c>).</summary>
    public override Tensor forward(Tensor d0, Tensor d1)
    {
        using var scope = NewDisposeScope();
        var features = cat(new[] { d0, d1, d0 - d1, d0 / (d1 + RatioEpsilon), d1 / (d0 + RatioEpsilon) }, dim: 1);
        return model.call(features).MoveToOuterDisposeScope();
    }
}
