using BenchmarkDotNet.Running;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/PerceptualLosses.Benchmarks -- --filter '*'</c>.</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
