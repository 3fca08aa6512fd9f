using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>
/// P: feature reconstruction loss of Johnson, Alahi &amp; Fei-Fei (ECCV 2016, Eq. 2; the paper's Eq. 1):
/// 1/(c·h·w) · ‖Φ(x) − Φ(y)‖²_F for one layer, averaged over the batch.
/// </summary>
public static class FeatureReconstructionLoss
{
    /// <summary>
    /// Loss between feature maps <c>[B,c,h,w]</c> of prediction and target. Equals the mean of squared differences
    /// over all B·c·h·w elements, which is the batch average of the per-image 1/(c·h·w)-normalised squared norm.
    /// </summary>
    public static Tensor Compute(Tensor predictionFeatures, Tensor targetFeatures)
    {
        Guard.IsImageBatch(predictionFeatures);
        Guard.SameShape(predictionFeatures, targetFeatures);
        return nn.functional.mse_loss(predictionFeatures, targetFeatures, nn.Reduction.Mean);
    }
}
