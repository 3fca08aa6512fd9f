namespace PerceptualLosses.Models;

/// <summary>One named feature map of a VGG network.</summary>
/// <param name="Name">Standard name (<c>conv3_1</c>, <c>relu3_1</c>, <c>bn3_1</c>, <c>pool3</c>).</param>
/// <param name="Kind">Layer type producing the map.</param>
/// <param name="Index">Index in torchvision's <c>features</c> Sequential of the layer whose output this is.</param>
/// <param name="Channels">Channel count at full width (before any width multiplier).</param>
/// <param name="Poolings">Number of 2x2 poolings applied up to and including this layer (spatial size is input / 2^Poolings, floored per pooling).</param>
public sealed record VggTap(string Name, VggTapKind Kind, int Index, int Channels, int Poolings)
{
    /// <summary>Smallest input side for which this tap has at least one pixel: 2^<see cref="Poolings"/>.</summary>
    public int MinimumInputSize => 1 << Poolings;
}
