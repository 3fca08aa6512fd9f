using BenchmarkDotNet.Running;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/PerceptualLosses.Benchmarks -- --filter '*'</c>.</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        if (args.Length == 2 && args[0] == "--peak-rss")
        {
            // Not a benchmark: peak memory of reading one weights file (path, or legacy/zip for the benchmark's files).
            string path = args[1] is "legacy" or "zip" ? System.IO.Path.Combine(Models.WeightReadBenchmarks.Files(), $"vgg19_{args[1]}.pth") : args[1];
            Models.WeightReadBenchmarks.PeakRss(path);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
