using System;
using System.Globalization;
using PerceptualLosses.Common;

namespace PerceptualLosses.Data;

/// <summary>
/// A small random generator whose whole state is one 64-bit number (SplitMix64, Steele, Lea &amp; Flood 2014), so data order
/// and augmentation can be saved in a checkpoint and resumed exactly; <see cref="System.Random"/> cannot be.
/// </summary>
public sealed class DataRandom
{
    private ulong state;

    /// <summary>Creates a generator from a seed.</summary>
    public DataRandom(long seed) => state = unchecked((ulong)seed);

    /// <summary>The state, as text for checkpoints.</summary>
    public string State
    {
        get => state.ToString(CultureInfo.InvariantCulture);
        set => state = ulong.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        Guard.AtLeast(maxExclusive, 1);

        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle<T>(T[] items)
    {
        Guard.NotNull(items);
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
