namespace PerceptualLosses.Metrics;

/// <summary>Which channels a metric is computed on.</summary>
public enum ColorMode
{
    /// <summary>Three RGB channels, each scored separately, then averaged (PSNR: one MSE over all channels).</summary>
    Rgb,

    /// <summary>The luma Y of MATLAB <c>rgb2ycbcr</c> (BT.601), via <see cref="PerceptualLosses.Imaging.ColorConversion.RgbToY"/>; needs RGB input.</summary>
    Y,

    /// <summary>Single-channel (grey) input, used as is.</summary>
    Gray,
}
