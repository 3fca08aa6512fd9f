using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>One metric's values from <see cref="MetricSuite.Score"/>.</summary>
/// <param name="Name">The metric's key (<c>psnr</c>, <c>lpips</c>, …).</param>
/// <param name="HigherIsBetter">Whether larger values mean better quality.</param>
/// <param name="Values">One value per image, <c>[B]</c> (float64; LPIPS in the network's dtype), in the caller's dispose scope.</param>
public sealed record MetricScore(string Name, bool HigherIsBetter, Tensor Values);
