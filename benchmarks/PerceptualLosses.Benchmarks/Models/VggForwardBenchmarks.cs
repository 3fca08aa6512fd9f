using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PerceptualLosses.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Benchmarks.Models;

/// <summary>
/// VGG-19 (full width, random weights) on a 4×3×128×128 batch, CPU, 2 intra-op threads, no_grad:
/// <see cref="Vgg.Features"/> up to relu5_4 vs the full network (with classifier) vs a plain TorchSharp Sequential of the
/// same layers without our wrappers (overhead ratio). PyTorch twin: benchmarks/pytorch/vgg_bench.py.
/// </summary>
[MemoryDiagnoser(false)]
public class VggForwardBenchmarks
{
    private static readonly string[] LossTaps = { "relu1_2", "relu2_2", "relu3_4", "relu4_4", "relu5_4" };
    private static readonly string[] DeepestTap = { "relu5_4" };

    private Vgg _vgg = null!;
    private Sequential _plain = null!;
    private Tensor _input = null!;
    private Tensor _normalizedInput = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        torch.manual_seed(0);
        _vgg = new Vgg(VggOptions.Vgg19ImageNet);
        _vgg.eval();

        // The same conv/ReLU/max-pool layers up to relu5_4 (features.0 … features.35), sharing the weights.
        var layers = new List<Module<Tensor, Tensor>>();
        var source = _vgg.state_dict();
        long inChannels = 3;
        foreach (var tap in _vgg.Layers.Taps.TakeWhile(t => t.Index <= _vgg.Layers["relu5_4"].Index))
        {
            switch (tap.Kind)
            {
                case VggTapKind.Convolution:
                    var conv = Conv2d(inChannels, tap.Channels, kernel_size: 3, padding: 1);
                    using (no_grad())
                    {
                        conv.weight!.copy_(source[$"features.{tap.Index}.weight"]);
                        conv.bias!.copy_(source[$"features.{tap.Index}.bias"]);
                    }

                    layers.Add(conv);
                    inChannels = tap.Channels;
                    break;
                case VggTapKind.Relu:
                    layers.Add(ReLU(inplace: true));
                    break;
                default:
                    layers.Add(MaxPool2d(kernel_size: 2, stride: 2));
                    break;
            }
        }

        _plain = Sequential(layers);
        _plain.eval();
        _input = rand(4, 3, 128, 128);
        var mean = tensor(ImageNetStatistics.Mean.ToArray()).reshape(1, 3, 1, 1);
        var std = tensor(ImageNetStatistics.Std.ToArray()).reshape(1, 3, 1, 1);
        _normalizedInput = ((_input - mean) / std).detach();
    }

    [Benchmark(Description = "Vgg.Features(relu5_4)")]
    public long FeaturesDeepestOnly()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _vgg.Features(_input, DeepestTap)["relu5_4"].shape[1];
    }

    [Benchmark(Description = "Vgg.Features(relu1_2,2_2,3_4,4_4,5_4)")]
    public long FeaturesLossTaps()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _vgg.Features(_input, LossTaps).Count;
    }

    [Benchmark(Description = "Vgg.forward (features + classifier)")]
    public long FullForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _vgg.forward(_input).shape[1];
    }

    [Benchmark(Baseline = true, Description = "plain Sequential to relu5_4 (no wrappers)")]
    public long PlainSequential()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _plain.forward(_normalizedInput).shape[1];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _vgg.Dispose();
        _plain.Dispose();
        _input.Dispose();
        _normalizedInput.Dispose();
    }
}
