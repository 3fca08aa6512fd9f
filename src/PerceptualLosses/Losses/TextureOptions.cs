using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Losses;

/// <summary>Settings of the patch-wise texture matching loss.</summary>
/// <param name="PatchSize">Side of the square, non-overlapping patches cut from each feature map.</param>
/// <param name="Normalization">Gram scaling.</param>
/// <remarks>
/// Partial patches: a feature map whose height or width is not a multiple of <paramref name="PatchSize"/> is cut into
/// ⌊H/p⌋·⌊W/p⌋ patches starting at the top-left corner; the remaining bottom rows and right columns do not enter the
/// loss. A map smaller than one patch is an error.
/// </remarks>
public sealed record TextureOptions(int PatchSize = 16, GramNormalization Normalization = GramNormalization.Plain)
{
    /// <summary>16×16 patches, plain Gram (Sajjadi et al. 2017; the paper).</summary>
    public static TextureOptions Paper { get; } = new();

    internal void Validate()
    {
        Guard.AtLeast(PatchSize, 1);
    }
}
