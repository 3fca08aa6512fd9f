using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using PerceptualLosses.Attacks;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Benchmarks.Attacks;

/// <summary>
/// One PGD-L2 step (forward + backward + step + projection) on a VGG-19-shaped classifier, batch 4×3×128×128, CPU float32.
/// PyTorch twin: benchmarks/pytorch/pgd_bench.py. The VGG-19 stack is built here as a plain Sequential (torchvision
/// vgg19 layer layout, adaptive pool to 7×7, 1000 logits) because the library's VGG lives in another module.
/// </summary>
[MemoryDiagnoser]
public class PgdStepBenchmark
{
    private static readonly int[] Config = { 64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0 };

    private nn.Module<Tensor, Tensor> _model = null!;
    private Tensor _images = null!;
    private Tensor _labels = null!;
    private ProjectedGradientDescent _attack = null!;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        manual_seed(0);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int channels = 3;
        foreach (int c in Config)
        {
            if (c == 0)
            {
                layers.Add(nn.MaxPool2d(2, 2));
            }
            else
            {
                layers.Add(nn.Conv2d(channels, c, 3, padding: 1));
                layers.Add(nn.ReLU(inplace: true));
                channels = c;
            }
        }

        layers.Add(nn.AdaptiveAvgPool2d(new long[] { 7, 7 }));
        layers.Add(nn.Flatten());
        layers.Add(nn.Linear(512 * 7 * 7, 4096));
        layers.Add(nn.ReLU(inplace: true));
        layers.Add(nn.Linear(4096, 4096));
        layers.Add(nn.ReLU(inplace: true));
        layers.Add(nn.Linear(4096, 1000));
        _model = nn.Sequential(layers.ToArray());
        _model.eval();
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
