using PerceptualLosses.Common;

namespace PerceptualLosses.Metrics;

/// <summary>
/// The names the metric settings are given with on the command line and in configuration files (<c>y</c> for
/// <see cref="ColorMode.Y"/>, <c>uint8</c> for <see cref="ScoringProtocol.EightBit"/>): one table per setting, named by
/// its property.
/// </summary>
public static class MetricSettingNames
{
    /// <summary><see cref="MetricOptions.Color"/>: <c>rgb</c>, <c>y</c>, <c>gray</c> (also read: <c>grey</c>; any case).</summary>
    public static EnumNames<ColorMode> Color { get; } =
        new(nameof(MetricOptions.Color), (ColorMode.Rgb, "rgb"), (ColorMode.Y, "y"), (ColorMode.Gray, "gray")) { Aliases = new[] { (ColorMode.Gray, "grey") }, IgnoreCase = true };

    /// <summary><see cref="MetricOptions.Protocol"/>: <c>uint8</c> (rounded to 8 bits, as saved), <c>float</c> (as computed).</summary>
    public static EnumNames<ScoringProtocol> Protocol { get; } =
        new(nameof(MetricOptions.Protocol), (ScoringProtocol.EightBit, "uint8"), (ScoringProtocol.AsGiven, "float"));

    /// <summary><see cref="MetricOptions.Luma"/>: <c>matlab</c> (rgb2ycbcr on uint8, rounded), <c>basicsr</c> (unrounded).</summary>
    public static EnumNames<LumaConvention> Luma { get; } =
        new(nameof(MetricOptions.Luma), (LumaConvention.Matlab, "matlab"), (LumaConvention.BasicSr, "basicsr"));

    /// <summary><see cref="MetricOptions.Precision"/>: <c>fast</c> (float32 SSIM/UQI/GMSD), <c>exact</c> (float64 everywhere).</summary>
    public static EnumNames<MetricPrecision> Precision { get; } =
        new(nameof(MetricOptions.Precision), (MetricPrecision.Fast, "fast"), (MetricPrecision.Exact, "exact"));

    /// <summary><see cref="MetricSelection.LpipsNet"/>: <c>alex</c>, <c>vgg</c>, <c>squeeze</c> (also read: <c>vgg16</c>; any case).</summary>
    public static EnumNames<LpipsNet> LpipsNet { get; } =
        new(nameof(MetricSelection.LpipsNet), (Metrics.LpipsNet.Alex, "alex"), (Metrics.LpipsNet.Vgg, "vgg"), (Metrics.LpipsNet.Squeeze, "squeeze")) { Aliases = new[] { (Metrics.LpipsNet.Vgg, "vgg16") }, IgnoreCase = true };
}
