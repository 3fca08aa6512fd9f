using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using static TorchSharp.torch;

namespace PerceptualLosses.Benchmarks.Metrics;

/// <summary>
/// LPIPS v0.1 (full-width VGG-16 trunk, random weights, positive lin weights) on 4×3×512×512 pairs in [0,1], CPU,
/// 2 threads, no gradient. PyTorch twin: benchmarks/pytorch/lpips_bench.py.
/// </summary>
public class LpipsBenchmarks
{
    private Lpips lpips = null!;
    private Tensor x0 = null!;
    private Tensor x1 = null!;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        manual_seed(0);
        var trunk = new Vgg(new VggOptions(Depth: 16, IncludeClassifier: false, NormalizeInput: false));
        lpips = new Lpips(trunk, LpipsOptions.Vgg16ZeroToOne);
        var lin = new Dictionary<string, Tensor>();
        for (int k = 0; k < lpips.LinLayers.Count; k++)
        {
            lin[$"lin{k}.model.1.weight"] = rand_like(lpips.LinLayers[k].Weight) * 0.1;
        }

        lpips.LoadLinWeights(lin);
        x0 = rand(4, 3, 512, 512);
        x1 = (x0 + 0.05 * randn(4, 3, 512, 512)).clamp(0, 1);
    }

    [Benchmark]
    public float Lpips4x512()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return lpips.Compute(x1, x0).sum().item<float>();
    }
}
