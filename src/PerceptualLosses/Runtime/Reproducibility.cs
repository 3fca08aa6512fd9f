using System;
using static TorchSharp.torch;

namespace PerceptualLosses.Runtime;

/// <summary>Seeding and threading in one place, so a run is reproducible.</summary>
public static class Reproducibility
{
    /// <summary>
    /// Seeds torch's CPU and CUDA generators and returns a <see cref="Random"/> seeded the same way for managed code
    /// (data order, crops). Pass the returned generator on instead of creating new ones.
    /// </summary>
    public static Random Seed(int seed)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(seed);
        if (cuda.is_available())
        {
            cuda.manual_seed_all(seed);
        }

        return new Random(seed);
    }

    /// <summary>Sets libtorch's intra-op thread count; <c>0</c> keeps the default (one per core).</summary>
    public static void SetThreads(int threads)
    {
        if (threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be >= 0 (0 = libtorch default).");
        }

        TorchRuntime.EnsureLoaded();
        if (threads > 0)
        {
            set_num_threads(threads);
        }
    }
}
