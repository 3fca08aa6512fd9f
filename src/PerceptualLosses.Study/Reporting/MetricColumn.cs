using System.Collections.Generic;

namespace PerceptualLosses.Study.Reporting;

/// <summary>A metric column of a results table.</summary>
/// <param name="Key">Key in evaluation records (<c>psnr</c>).</param>
/// <param name="Header">Column header (<c>PSNR ↑</c>).</param>
/// <param name="HigherIsBetter">Which end is best (the best value is printed in bold).</param>
/// <param name="Decimals">Digits after the decimal point.</param>
public sealed record MetricColumn(string Key, string Header, bool HigherIsBetter, int Decimals = 4)
{
    /// <summary>The columns of the paper's Table 2, in its order.</summary>
    public static IReadOnlyList<MetricColumn> Table2 { get; } = new[]
    {
        new MetricColumn("psnr", "PSNR ↑", true),
        new MetricColumn("ssim", "SSIM ↑", true),
        new MetricColumn("uqi", "UQI ↑", true),
        new MetricColumn("ifc", "IFC ↑", true),
        new MetricColumn("gmsd", "GMSD ↓", false),
        new MetricColumn("lpips", "LPIPS ↓", false),
        new MetricColumn("rlpips", "R-LPIPS ↓", false),
    };
}
