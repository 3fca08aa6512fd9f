using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Metrics;

/// <summary>SSIM constants and window.</summary>
/// <param name="K1">Luminance constant: C1 = (K1 L)².</param>
/// <param name="K2">Contrast constant: C2 = (K2 L)².</param>
/// <param name="WindowSize">Side of the Gaussian window (odd).</param>
/// <param name="Sigma">Standard deviation of the Gaussian window.</param>
/// <param name="AutomaticDownsampling">
/// Reproduce the 2009 <c>ssim.m</c>: f = max(1, round(min(H,W)/256)); when f &gt; 1, filter with <c>ones(f)/f²</c>
/// ('symmetric' padding, 'same') and keep every f-th pixel before SSIM.
/// </param>
public sealed record SsimOptions(double K1, double K2, int WindowSize, double Sigma, bool AutomaticDownsampling)
{
    /// <summary>The authors' <c>ssim_index.m</c> (2003/2004): 11×11 Gaussian σ = 1.5, K = (0.01, 0.03), no downsampling.</summary>
    public static SsimOptions Wang2004 { get; } = new(0.01, 0.03, 11, 1.5, false);

    /// <summary>The 2009 <c>ssim.m</c>: as <see cref="Wang2004"/> plus automatic downsampling.</summary>
    public static SsimOptions Matlab2009 { get; } = Wang2004 with { AutomaticDownsampling = true };

    /// <summary>Throws when a field is out of range.</summary>
    public void Validate()
    {
        Guard.Positive(K1);
        Guard.Positive(K2);
        Guard.Positive(Sigma);
        if (WindowSize < 1 || WindowSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, "WindowSize must be an odd number >= 1.");
        }
    }
}
