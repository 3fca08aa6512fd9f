using System.Runtime.CompilerServices;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Benchmarks;

internal static class TorchLoading
{
    // BenchmarkDotNet runs each benchmark in a generated child process whose first torch call may come before any
    // PerceptualLosses type is touched; load the native library when this assembly is first used.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Load() => TorchRuntime.EnsureLoaded();
#pragma warning restore CA2255
}
