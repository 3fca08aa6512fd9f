namespace PerceptualLosses.Metrics;

/// <summary>Which prepared images a <see cref="SuiteMetric"/> scores.</summary>
public enum SuiteInput
{
    /// <summary>
    /// The channels of <see cref="MetricOptions.Color"/> (RGB, Y or grey) on the [0,255] scale, as
    /// <see cref="MetricInput.Prepare"/> gives them: PSNR, SSIM, UQI, GMSD, IFC.
    /// </summary>
    Channels,

    /// <summary>
    /// RGB in [0,1] after the same crop, 8-bit rounding (<see cref="ScoringProtocol.EightBit"/>) and shave, but without
    /// colour conversion: learned metrics (LPIPS, R-LPIPS) see colour also when the others score Y. A grey image
    /// (<see cref="ColorMode.Gray"/>) is repeated to three channels.
    /// </summary>
    Rgb,
}
