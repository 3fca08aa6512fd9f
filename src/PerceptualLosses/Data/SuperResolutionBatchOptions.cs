using System;
using PerceptualLosses.Common;
using PerceptualLosses.Imaging;

namespace PerceptualLosses.Data;

/// <summary>Settings of <see cref="SuperResolutionBatches"/>.</summary>
/// <param name="Scale">SR factor.</param>
/// <param name="HighResolutionPatch">HR crop side (a multiple of <paramref name="Scale"/>).</param>
/// <param name="BatchSize">Crops per batch.</param>
/// <param name="Seed">Seed of order, crop positions and augmentation.</param>
/// <param name="Augment">Random flips/rotations (the same for LR and HR).</param>
/// <param name="SkipImagesSmallerThanPatch">false: an image smaller than the crop is an error; true: it is skipped and counted.</param>
/// <param name="Prefetch">Batches prepared ahead on a background thread (0: none).</param>
/// <param name="Load">Colour conversions allowed when reading (COCO has grayscale JPEGs).</param>
public sealed record SuperResolutionBatchOptions(
    int Scale = 4,
    int HighResolutionPatch = 128,
    int BatchSize = 16,
    long Seed = 0,
    bool Augment = true,
    bool SkipImagesSmallerThanPatch = false,
    int Prefetch = 0,
    ImageLoadOptions? Load = null)
{
    /// <summary>EnhanceNet's training crops: 128×128 HR → 32×32 LR (×4), batch 16 (tensorpack examples/SuperResolution/enet-pat.py).</summary>
    public static SuperResolutionBatchOptions EnhanceNet { get; } = new();

    /// <summary>Throws if an option is out of range (the exception names it).</summary>
    public void Validate()
    {
        Guard.AtLeast(Scale, 1);
        Guard.AtLeast(BatchSize, 1);
        Guard.AtLeast(Prefetch, 0);

        if (HighResolutionPatch < Scale || HighResolutionPatch % Scale != 0)
        {
            throw new ArgumentException($"HighResolutionPatch {HighResolutionPatch} must be a positive multiple of the scale {Scale}.", nameof(HighResolutionPatch));
        }
    }
}
