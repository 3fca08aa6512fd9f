using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Metrics;

/// <summary>How images are prepared before any metric: value range, channels, border shave and crop.</summary>
/// <remarks>
/// Order of preparation: crop to a multiple of <see cref="CropToMultipleOf"/> (bottom/right, as MATLAB <c>modcrop</c>),
/// rounding to 8 bits under <see cref="ScoringProtocol.EightBit"/>, colour conversion, then remove <see cref="Shave"/>
/// pixels on every side (SelfExSR <c>compute_difference.m</c>).
/// Metrics then work on the [0,255] scale of the MATLAB references, whatever <see cref="DataRange"/> is.
/// </remarks>
public sealed record MetricOptions
{
    /// <summary>Largest possible pixel value of the inputs: 1 (images in [0,1]) or 255 (images in [0,255]).</summary>
    public double DataRange { get; init; } = 1.0;

    /// <summary>Channels the metric is computed on.</summary>
    public ColorMode Color { get; init; } = ColorMode.Rgb;

    /// <summary>Pixels removed from each border after colour conversion (SR convention: shave = scale).</summary>
    public int Shave { get; init; }

    /// <summary>Crop height and width down to a multiple of this (1 = no crop).</summary>
    public int CropToMultipleOf { get; init; } = 1;

    /// <summary>Score the float values (default) or the 8-bit image they would be saved as.</summary>
    public ScoringProtocol Protocol { get; init; } = ScoringProtocol.AsGiven;

    /// <summary>Y from 8-bit RGB under <see cref="ScoringProtocol.EightBit"/>: rounded as MATLAB <c>rgb2ycbcr</c> (default) or unrounded as BasicSR.</summary>
    public LumaConvention Luma { get; init; } = LumaConvention.Matlab;

    /// <summary>
    /// Arithmetic of the metrics: <see cref="MetricPrecision.Fast"/> (default: float32 for SSIM, UQI and GMSD, within 1e-5
    /// of the float64 references on the fixtures) or <see cref="MetricPrecision.Exact"/> (float64 everywhere).
    /// </summary>
    public MetricPrecision Precision { get; init; } = MetricPrecision.Fast;

    /// <summary>Old name of <see cref="Precision"/>: true is <see cref="MetricPrecision.Exact"/>, false <see cref="MetricPrecision.Fast"/>.</summary>
    [Obsolete("Use Precision: UseFloat64 = true is MetricPrecision.Exact, false is MetricPrecision.Fast.")]
    [System.Text.Json.Serialization.JsonIgnore]
    public bool UseFloat64
    {
        get => Precision == MetricPrecision.Exact;
        init => Precision = value ? MetricPrecision.Exact : MetricPrecision.Fast;
    }

    /// <summary>RGB in [0,1], no shave: the plain setting.</summary>
    public static MetricOptions Default { get; } = new();

    /// <summary>
    /// The super-resolution paper protocol of SelfExSR <c>compute_difference.m</c>: Y channel (BT.601), shave = scale,
    /// crop to a multiple of the scale.
    /// </summary>
    /// <param name="scale">Super-resolution factor (2, 3, 4, ...).</param>
    /// <param name="dataRange">1 for [0,1] input, 255 for [0,255] input.</param>
    public static MetricOptions SrPaperY(int scale, double dataRange = 1.0)
    {
        Guard.AtLeast(scale, 1);
        return new MetricOptions { Color = ColorMode.Y, Shave = scale, CropToMultipleOf = scale, DataRange = dataRange };
    }

    /// <summary>
    /// SelfExSR <c>compute_difference.m</c> on saved images, what a reader of an SR table expects: <see cref="SrPaperY"/>
    /// with the reconstruction rounded to 8 bits and Y from MATLAB <c>rgb2ycbcr</c> on uint8 (rounded).
    /// </summary>
    /// <param name="scale">Super-resolution factor (2, 3, 4, ...).</param>
    public static MetricOptions SrPaperSavedY(int scale) =>
        SrPaperY(scale) with { Protocol = ScoringProtocol.EightBit, Luma = LumaConvention.Matlab };

    /// <summary>Throws when a field is out of its allowed values.</summary>
    public void Validate()
    {
        if (DataRange != 1.0 && DataRange != 255.0)
        {
            throw new ArgumentOutOfRangeException(nameof(DataRange), DataRange, "DataRange must be 1 (images in [0,1]) or 255 (images in [0,255]).");
        }

        Guard.AtLeast(Shave, 0);
        Guard.AtLeast(CropToMultipleOf, 1);
        Guard.Defined(Color);

        Guard.Defined(Protocol);

        Guard.Defined(Precision);

        Guard.Defined(Luma);
    }
}
