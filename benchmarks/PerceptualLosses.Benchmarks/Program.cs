using System;
using BenchmarkDotNet.Running;
using PerceptualLosses.Runtime;

namespace PerceptualLosses.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/PerceptualLosses.Benchmarks -- --filter '*'</c>.
/// The GPU run (tools/gpu/run.sh) uses two more modes: <c>hot-paths</c> (<see cref="Gpu.HotPaths"/>) and
/// <c>synthetic-data</c> (<see cref="Gpu.SyntheticStudyData"/>); benchmarks/compare.py uses <c>compare-cases</c>
/// (<see cref="Compare.CompareCases"/>).
/// </summary>
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

        if (args.Length > 0 && args[0] == "hot-paths")
        {
            Environment.Exit(Gpu.HotPaths.Run(args));
        }

        if (args.Length > 0 && args[0] == "compare-cases")
        {
            Environment.Exit(Compare.CompareCases.Run(args));
        }

        if (args.Length > 0 && args[0] == "synthetic-data")
        {
            Environment.Exit(Gpu.SyntheticStudyData.Run(args));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
