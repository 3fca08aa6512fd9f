using System.Collections.Generic;

namespace PerceptualLosses.Models;

/// <summary>Outcome of <see cref="VggNormalization.Normalize"/>.</summary>
/// <param name="Images">Number of images the means were computed over.</param>
/// <param name="MeanActivations">ReLU tap name → per-channel mean activation of the network before normalization (the divisors).</param>
/// <param name="DeadChannels">Channels (<c>relu3_1[17]</c>) whose mean activation was 0 on the image set; their filters are left unscaled.</param>
public sealed record VggNormalizationReport(int Images, IReadOnlyDictionary<string, float[]> MeanActivations, IReadOnlyList<string> DeadChannels);
