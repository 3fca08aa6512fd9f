using System;
using System.Diagnostics;
using System.IO;
using BenchmarkDotNet.Attributes;
using PerceptualLosses.Models;

namespace PerceptualLosses.Benchmarks.Models;

/// <summary>
/// Reading a full-size VGG-19 state dict (38 tensors, 548 MB) with <see cref="ModelWeights.Read"/>: PyTorch's legacy
/// format (torchvision's published files) vs its zip format. The files are written at setup by
/// benchmarks/pytorch/make_vgg19_weight_files.py (PyTorch, seeded random weights; nothing downloaded) into
/// $PERCEPTUAL_BENCH_DIR or the temp folder, and kept for later runs. Peak memory: BenchmarkDotNet sees only managed
/// allocations; run <c>-- --peak-rss FILE</c> for the process's peak resident set while reading one file.
/// </summary>
[MemoryDiagnoser(false)]
public class WeightReadBenchmarks
{
    private string _folder = null!;

    /// <summary>The format read.</summary>
    [Params("legacy", "zip")]
    public string Format { get; set; } = "legacy";

    [GlobalSetup]
    public void Setup()
    {
        TorchSharp.torch.set_num_threads(2);
        _folder = Files();
    }

    [Benchmark]
    public long ReadVgg19()
    {
        var tensors = ModelWeights.Read(Path.Combine(_folder, $"vgg19_{Format}.pth"));
        long elements = 0;
        foreach (var t in tensors.Values)
        {
            elements += t.numel();
            t.Dispose();
        }

        return elements;
    }

    /// <summary>The folder holding vgg19_legacy.pth and vgg19_zip.pth, written by the PyTorch script when missing.</summary>
    internal static string Files()
    {
        string folder = Environment.GetEnvironmentVariable("PERCEPTUAL_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "perceptual-bench-weights");
        if (File.Exists(Path.Combine(folder, "vgg19_legacy.pth")) && File.Exists(Path.Combine(folder, "vgg19_zip.pth")))
        {
            return folder;
        }

        string script = Path.Combine(RepositoryRoot(), "benchmarks", "pytorch", "make_vgg19_weight_files.py");
        string python = Environment.GetEnvironmentVariable("PERCEPTUAL_PYTHON") ?? "/usr/bin/python3";
        using var process = Process.Start(new ProcessStartInfo(python, $"\"{script}\" \"{folder}\"") { UseShellExecute = false })
            ?? throw new InvalidOperationException($"could not start {python}");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{python} {script} failed (exit {process.ExitCode}); it needs PyTorch and torchvision (set PERCEPTUAL_PYTHON).");
        }

        return folder;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PerceptualLosses.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>Reads one file and prints the peak resident set before and after (Linux /proc/self/status VmHWM).</summary>
    internal static void PeakRss(string path)
    {
        TorchSharp.torch.set_num_threads(2);
        long before = PeakKiB();
        var watch = Stopwatch.StartNew();
        var tensors = ModelWeights.Read(path);
        watch.Stop();
        long bytes = 0;
        foreach (var t in tensors.Values)
        {
            bytes += t.numel() * t.ElementSize;
        }

        long after = PeakKiB();
        Console.WriteLine(FormattableString.Invariant($"{path}: {tensors.Count} tensors, {bytes / 1e6:F1} MB of tensors read in {watch.Elapsed.TotalSeconds:F2} s; peak RSS {before / 1024.0:F0} MiB before, {after / 1024.0:F0} MiB after (+{(after - before) / 1024.0:F0} MiB)"));
    }

    private static long PeakKiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
