namespace PerceptualLosses.Models;

/// <summary>The named sizes of the <see cref="EnhanceNet"/> generator (<see cref="EnhanceNetOptions.For"/>).</summary>
public enum EnhanceNetSize
{
    /// <summary>The paper's generator: <see cref="EnhanceNetOptions.Paper"/> (64 channels, 10 residual blocks).</summary>
    Paper,

    /// <summary>The same code path at CPU-test scale: <see cref="EnhanceNetOptions.Tiny"/> (8 channels, 2 residual blocks).</summary>
    Tiny,
}
