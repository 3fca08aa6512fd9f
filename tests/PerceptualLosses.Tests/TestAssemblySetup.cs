using System.Runtime.CompilerServices;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Tests;

internal static class TestAssemblySetup
{
    // Tests call TorchSharp directly, sometimes before any library type is touched.
    [ModuleInitializer]
    internal static void LoadTorch() => TorchRuntime.EnsureLoaded();
}
