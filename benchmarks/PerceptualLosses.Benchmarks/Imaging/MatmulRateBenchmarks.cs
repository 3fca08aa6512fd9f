using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace PerceptualLosses.Benchmarks.Imaging;

/// <summary>
/// The machine's float32 matrix-multiply rate through libtorch (1024³ mm = 2.147 GFLOP per call, 2 threads), the
/// yardstick the other benchmarks are compared with.
/// </summary>
public class MatmulRateBenchmarks
{
    private Tensor a = null!;
    private Tensor b = null!;

    /// <summary>FLOP of one call.</summary>
    public const double Flop = 2.0 * 1024 * 1024 * 1024;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        manual_seed(0);
        a = randn(1024, 1024);
        b = randn(1024, 1024);
    }

    [Benchmark]
    public float Mm1024()
    {
        using var scope = NewDisposeScope();
        return a.mm(b)[0, 0].item<float>();
    }
}
