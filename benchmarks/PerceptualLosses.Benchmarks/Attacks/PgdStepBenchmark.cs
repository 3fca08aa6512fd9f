using BenchmarkDotNet.Attributes;
using PerceptualLosses.Attacks;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Benchmarks.Attacks;

/// <summary>
/// One PGD-L2 step (forward + backward + step + projection) on a VGG-19-shaped classifier, batch 4×3×128×128, CPU float32.
/// PyTorch twin: benchmarks/pytorch/pgd_bench.py. The VGG-19 stack is the compare driver's plain Sequential
/// (torchvision vgg19 layer layout, adaptive pool to 7×7, 1000 logits, frozen, eval mode).
/// </summary>
[MemoryDiagnoser]
public class PgdStepBenchmark
{
    private nn.Module<Tensor, Tensor> _model = null!;
    private Tensor _images = null!;
    private Tensor _labels = null!;
    private ProjectedGradientDescent _attack = null!;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        manual_seed(0);
        _model = PerceptualLosses.Benchmarks.Compare.CompareCases.PlainVgg19(classifier: true);
        _images = rand(4, 3, 128, 128);
        _labels = tensor(new long[] { 1, 2, 3, 4 });
        _attack = new ProjectedGradientDescent(new PgdOptions(1, 3.88, 0.155, AttackNorm.L2, RandomStart: false, UseBest: false));
    }

    /// <summary>Our PGD with one iteration (includes eval-mode/freeze bookkeeping and the [0,1] input check).</summary>
    [Benchmark]
    public void PgdL2OneStep()
    {
        using var scope = NewDisposeScope();
        using var result = _attack.Perturb(_model, _images, AttackTarget.Untargeted(_labels));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _images.Dispose();
        _labels.Dispose();
    }
}
