namespace PerceptualLosses.Metrics;

/// <summary>How Y is taken from 8-bit RGB under <see cref="ScoringProtocol.EightBit"/> (both use BT.601 of MATLAB <c>rgb2ycbcr</c>).</summary>
public enum LumaConvention
{
    /// <summary>
    /// MATLAB <c>rgb2ycbcr</c> on a uint8 image, as SelfExSR <c>compute_difference.m</c> calls it on <c>imread</c> output:
    /// Y is rounded to whole levels (MATLAB returns uint8). Under <see cref="ScoringProtocol.AsGiven"/> MATLAB works on
    /// doubles and nothing is rounded.
    /// </summary>
    Matlab,

    /// <summary>BasicSR <c>bgr2ycbcr(y_only=True)</c> on the 8-bit image divided by 255: Y is not rounded.</summary>
    BasicSr,
}
