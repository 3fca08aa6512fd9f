using BenchmarkDotNet.Attributes;
using PerceptualLosses.Metrics;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;
using IfcFn = PerceptualLosses.Metrics.Ifc;
using SsimFn = PerceptualLosses.Metrics.Ssim;

namespace PerceptualLosses.Benchmarks.Metrics;

/// <summary>
/// SSIM, GMSD and IFC on a batch of 4 RGB images of 512×512 (every metric per channel, float64 as the MATLAB references),
/// CPU, 2 libtorch threads. PyTorch counterpart: benchmarks/pytorch/metrics_bench.py.
/// </summary>
[MemoryDiagnoser(false)]
public class MetricsBenchmarks
{
    private Tensor _reference = null!;
    private Tensor _distorted = null!;
    private readonly MetricOptions _options = MetricOptions.Default;

    [GlobalSetup]
    public void Setup()
    {
        PerceptualLosses.Runtime.TorchRuntime.EnsureLoaded();
        set_num_threads(2);
        manual_seed(0);
        _reference = rand(4, 3, 512, 512);
        _distorted = (_reference + (0.05 * randn(4, 3, 512, 512))).clamp(0, 1);
    }

    [Benchmark]
    public double Ssim() => Run(() => SsimFn.Compute(_distorted, _reference, _options));

    [Benchmark]
    public double Gmsd() => Run(() => GmsdFn.Compute(_distorted, _reference, _options));

    [Benchmark]
    public double Ifc() => Run(() => IfcFn.Compute(_distorted, _reference, _options));

    private static double Run(System.Func<Tensor> metric)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return metric().sum().item<double>();
    }
}
