using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Data;

/// <summary>One of the eight flips/rotations of the square's symmetry group, applied identically to LR and HR.</summary>
/// <param name="FlipHorizontal">Mirror left–right.</param>
/// <param name="FlipVertical">Mirror top–bottom.</param>
/// <param name="Transpose">Swap height and width (with the flips, gives the 90° rotations).</param>
public sealed record Augmentation(bool FlipHorizontal, bool FlipVertical, bool Transpose)
{
    /// <summary>No change.</summary>
    public static Augmentation Identity { get; } = new(false, false, false);

    /// <summary>Draws one of the eight uniformly.</summary>
    public static Augmentation Draw(DataRandom random)
    {
        Guard.NotNull(random);
        int k = random.Next(8);
        return new Augmentation((k & 1) != 0, (k & 2) != 0, (k & 4) != 0);
    }

    /// <summary>Applies to <c>[C,H,W]</c> or <c>[B,C,H,W]</c>.</summary>
    public Tensor Apply(Tensor image)
    {
        Guard.NotNull(image);
        var result = image.alias();
        if (FlipHorizontal)
        {
            result = result.flip(-1);
        }

        if (FlipVertical)
        {
            result = result.flip(-2);
        }

        if (Transpose)
        {
            result = result.transpose(-2, -1).contiguous();
        }

        return result;
    }
}
