namespace PerceptualLosses.Metrics;

/// <summary>Whether metrics score the images as given (float) or as they would be saved (8-bit).</summary>
public enum ScoringProtocol
{
    /// <summary>The float values as given (the library's default).</summary>
    AsGiven,

    /// <summary>
    /// Each image is first rounded to 8-bit levels, as MATLAB <c>im2uint8</c>/<c>imwrite</c> and BasicSR's
    /// <c>tensor2img</c> do before SR papers score the saved file: v = floor(255·x + 0.5) (MATLAB rounds halves up).
    /// Values outside [0, DataRange] are still rejected, never clipped: clip an unbounded network output yourself, as
    /// saving does. Y is then computed from the 8-bit RGB as <see cref="MetricOptions.Luma"/> says.
    /// </summary>
    EightBit,
}
