namespace PerceptualLosses.Metrics;

/// <summary>Arithmetic the image metrics use after preparation (<see cref="MetricOptions.Precision"/>).</summary>
/// <remarks>
/// Preparation (crop, 8-bit rounding, colour conversion, shave) is float64 either way, as MATLAB's rounding of levels
/// and of <c>rgb2ycbcr</c> ties needs, and so that a <see cref="MetricSuite"/> prepares a pair once for all metrics;
/// under <see cref="Fast"/> the float32 metrics compute on it narrowed to float32. Results are float64.
/// </remarks>
public enum MetricPrecision
{
    /// <summary>
    /// float32 for SSIM, UQI and GMSD: on the committed Octave fixtures the worst absolute difference from the float64
    /// MATLAB reference is below 1e-5 (measured: SSIM 3.0e-6, UQI 3.3e-6, GMSD 3.2e-8). PSNR and IFC stay in float64 (IFC in
    /// float32 is off by up to 2.1e-5 relative; PSNR is one cheap pass).
    /// </summary>
    Fast,

    /// <summary>float64 for every metric, as the MATLAB references compute.</summary>
    Exact,
}
