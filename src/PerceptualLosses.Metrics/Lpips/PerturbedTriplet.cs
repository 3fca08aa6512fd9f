using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>The three images of a 2AFC batch after R-LPIPS' perturbation, each <c>[B,3,H,W]</c> in [0,1].</summary>
/// <param name="Reference">Perturbed reference patches.</param>
/// <param name="P0">Perturbed first distortion.</param>
/// <param name="P1">Perturbed second distortion.</param>
public sealed record PerturbedTriplet(Tensor Reference, Tensor P0, Tensor P1);
