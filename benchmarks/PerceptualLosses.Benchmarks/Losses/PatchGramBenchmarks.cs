using BenchmarkDotNet.Attributes;
using PerceptualLosses.Losses;
using static TorchSharp.torch;

namespace PerceptualLosses.Benchmarks.Losses;

/// <summary>
/// Patch-wise Gram texture loss (16×16 patches, plain Gram) on 4×128×64×64 feature maps and on a larger 4×64×128×128 map
/// (conv1_1 of 128×128 crops): batched (one bmm) vs a per-image, per-patch loop, forward and forward+backward; CPU,
/// 2 threads. FLOP of the Gram products (forward): 2·B·k·c²·p² for both maps = 2·4·16·128²·256 = 537 MFLOP (64×64 map) and
/// 2·4·64·64²·256 = 537 MFLOP (128×128 map). PyTorch twin: benchmarks/pytorch/patch_gram_bench.py.
/// </summary>
[MemoryDiagnoser(false)]
public class PatchGramBenchmarks
{
    private Tensor x = null!;
    private Tensor y = null!;
    private Tensor bigX = null!;
    private Tensor bigY = null!;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        manual_seed(0);
        x = rand(4, 128, 64, 64);
        y = rand(4, 128, 64, 64);
        bigX = rand(4, 64, 128, 128);
        bigY = rand(4, 64, 128, 128);
    }

    [Benchmark(Baseline = true)]
    public float BatchedForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TextureMatchingLoss.Compute(x, y, TextureOptions.Paper).item<float>();
    }

    [Benchmark]
    public float BatchedForwardBackward()
    {
        using var scope = NewDisposeScope();
        var p = x.detach().requires_grad_(true);
        var loss = TextureMatchingLoss.Compute(p, y, TextureOptions.Paper);
        loss.backward();
        return p.grad![0, 0, 0, 0].item<float>();
    }

    [Benchmark]
    public float PerPatchLoopForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TextureMatchingLoss.ComputeWithLoops(x, y, TextureOptions.Paper).item<float>();
    }

    [Benchmark]
    public float PerPatchLoopForwardBackward()
    {
        using var scope = NewDisposeScope();
        var p = x.detach().requires_grad_(true);
        var loss = TextureMatchingLoss.ComputeWithLoops(p, y, TextureOptions.Paper);
        loss.backward();
        return p.grad![0, 0, 0, 0].item<float>();
    }

    [Benchmark]
    public float BatchedForwardLargeMap()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TextureMatchingLoss.Compute(bigX, bigY, TextureOptions.Paper).item<float>();
    }

    [Benchmark]
    public float BatchedForwardBackwardLargeMap()
    {
        using var scope = NewDisposeScope();
        var p = bigX.detach().requires_grad_(true);
        TextureMatchingLoss.Compute(p, bigY, TextureOptions.Paper).backward();
        return p.grad![0, 0, 0, 0].item<float>();
    }
}
