using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>A loss between a reconstruction and its target image that any training loop can call.</summary>
public interface IPerceptualLoss
{
    /// <summary>
    /// Computes the loss. <paramref name="prediction"/> and <paramref name="target"/> are <c>[B,3,H,W]</c>, RGB;
    /// the target must lie in [0,1], the prediction (a network output) may not yet.
    /// </summary>
    /// <returns>The scalar total (differentiable w.r.t. <paramref name="prediction"/>) and the per-term breakdown.</returns>
    LossResult Compute(Tensor prediction, Tensor target);
}
