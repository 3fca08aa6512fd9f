using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>E: pixel-wise mean squared error, averaged over batch, channels and pixels.</summary>
public static class PixelLoss
{
    /// <summary>mean((prediction − target)²) over all elements.</summary>
    public static Tensor Compute(Tensor prediction, Tensor target)
    {
        Guard.SameShape(prediction, target);
        return nn.functional.mse_loss(prediction, target, nn.Reduction.Mean);
    }
}
