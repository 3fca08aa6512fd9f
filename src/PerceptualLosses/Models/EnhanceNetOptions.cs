using System;
using System.Collections.Generic;
using System.Numerics;
using PerceptualLosses.Common;

namespace PerceptualLosses.Models;

/// <summary>Architecture options of the <see cref="EnhanceNet"/> generator.</summary>
/// <param name="Scale">Upscaling factor, a power of two ≥ 2: one nearest-neighbour ×2 + conv + ReLU stage per factor of two (paper: 4).</param>
/// <param name="Channels">Feature channels of every hidden conv (paper: 64).</param>
/// <param name="ResidualBlocks">Number of conv-ReLU-conv + identity blocks (paper: 10).</param>
/// <param name="InputMean">Per-channel RGB means subtracted from the [0,1] input before the conv trunk (EnhanceNet-Code <c>PER_CHANNEL_MEANS</c>); null means no subtraction.</param>
public sealed record EnhanceNetOptions(int Scale = 4, int Channels = 64, int ResidualBlocks = 10, IReadOnlyList<float>? InputMean = null)
{
    /// <summary>EnhanceNet-Code <c>PER_CHANNEL_MEANS</c> (enhancenet.py L5): (0.47614917, 0.45001204, 0.40904046).</summary>
    public static IReadOnlyList<float> PaperMeans { get; } = new[] { 0.47614917f, 0.45001204f, 0.40904046f };

    /// <summary>The paper's ×4 generator: 64 channels, 10 residual blocks, input means subtracted as in EnhanceNet-Code (25 convs, 0.85 M parameters).</summary>
    public static EnhanceNetOptions Paper { get; } = new(Scale: 4, Channels: 64, ResidualBlocks: 10, InputMean: PaperMeans);

    /// <summary>Same code path at CPU-test scale: ×4, 8 channels, 2 residual blocks.</summary>
    public static EnhanceNetOptions Tiny { get; } = new(Scale: 4, Channels: 8, ResidualBlocks: 2, InputMean: PaperMeans);

    /// <summary>The preset of <paramref name="size"/> (<see cref="Paper"/> or <see cref="Tiny"/>), at ×4.</summary>
    /// <param name="size">The size.</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A value that is not an <see cref="EnhanceNetSize"/>.</exception>
    public static EnhanceNetOptions For(EnhanceNetSize size)
    {
        Guard.Defined(size);
        return size == EnhanceNetSize.Tiny ? Tiny : Paper;
    }

    /// <summary>Throws if an option is out of range.</summary>
    public void Validate()
    {
        if (Scale < 2 || !BitOperations.IsPow2(Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "Scale must be a power of two >= 2 (each x2 step is nearest-neighbour upsampling + conv + ReLU).");
        }

        Guard.AtLeast(Channels, 1);
        Guard.AtLeast(ResidualBlocks, 0);
        if (InputMean is not null && InputMean.Count != 3)
        {
            throw new ArgumentException($"InputMean must have 3 values (R, G, B); got {InputMean.Count}.", nameof(InputMean));
        }
    }

    /// <summary>Number of ×2 upsampling stages, log2(<see cref="Scale"/>).</summary>
    internal int UpsamplingStages => BitOperations.Log2((uint)Scale);
}
