using System.Collections.Generic;

namespace PerceptualLosses.Metrics;

/// <summary>One pair of image files scored by <see cref="MetricSuite.ScorePair"/>.</summary>
/// <param name="File">The pair's name (the file name both folders share, or the distorted file).</param>
/// <param name="Reference">The reference (target) file.</param>
/// <param name="Distorted">The distorted (predicted) file.</param>
/// <param name="Values">One value per metric, in <see cref="MetricSuite.Metrics"/> order (PSNR of identical images is +∞).</param>
public sealed record ScoredPair(string File, string Reference, string Distorted, IReadOnlyList<double> Values);
