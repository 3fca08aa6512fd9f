namespace PerceptualLosses.Data;

/// <summary>What to do with an HR image whose size is not a multiple of the scale.</summary>
public enum NonMultipleSize
{
    /// <summary>Crop bottom/right to the next multiple (MATLAB <c>modcrop</c>, the SR benchmark convention).</summary>
    Crop,

    /// <summary>Refuse: an error naming the file and its size.</summary>
    Error,
}
