using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>A batch of BAPPS 2AFC triplets: images <c>[B,3,H,W]</c> in [0,1] and the human preference for p₁ <c>[B]</c>.</summary>
/// <param name="Reference">Reference patches.</param>
/// <param name="P0">First distortion.</param>
/// <param name="P1">Second distortion.</param>
/// <param name="Judge">Fraction of people who judged p₁ closer to the reference.</param>
public sealed record TwoAfcBatch(Tensor Reference, Tensor P0, Tensor P1, Tensor Judge);
