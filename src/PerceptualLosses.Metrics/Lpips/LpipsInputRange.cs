namespace PerceptualLosses.Metrics;

/// <summary>The value range of images given to LPIPS. It is always explicit: [0,1] input read as [-1,1] silently gives wrong scores.</summary>
public enum LpipsInputRange
{
    /// <summary>Images in [0,1]; mapped to [-1,1] by 2x − 1 (the reference's <c>normalize=True</c>).</summary>
    ZeroToOne,

    /// <summary>Images already in [-1,1], the reference's native range.</summary>
    MinusOneToOne,
}
