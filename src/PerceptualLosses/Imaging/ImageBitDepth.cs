namespace PerceptualLosses.Imaging;

/// <summary>Bits per channel when saving.</summary>
public enum ImageBitDepth
{
    /// <summary>8 bits (0–255); any format.</summary>
    Eight = 8,

    /// <summary>16 bits (0–65535); PNG only.</summary>
    Sixteen = 16,
}
