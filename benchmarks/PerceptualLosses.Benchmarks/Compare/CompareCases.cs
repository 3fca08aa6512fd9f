using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Attacks;
using PerceptualLosses.Benchmarks.Gpu;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;
using IfcFn = PerceptualLosses.Metrics.Ifc;
using SsimFn = PerceptualLosses.Metrics.Ssim;

namespace PerceptualLosses.Benchmarks.Compare;

/// <summary>
/// <c>compare-cases</c> mode: the CPU hot paths of issue 16 at its sizes, each timed a fixed number of iterations after
/// warm-up, printed as JSON. The PyTorch twin is benchmarks/pytorch/compare_cases.py (same case names); benchmarks/compare.py
/// runs both alternately several times and reports median ratios with their spread.
/// </summary>
/// <remarks>
/// Usage: <c>PerceptualLosses.Benchmarks compare-cases [--only a,b] [--warmup N] [--iterations N] [--threads N] [--out FILE]</c>.
/// Cases ending in <c>_plain</c> are a plain TorchSharp <c>Sequential</c> of the same layers in the same process (no twin):
/// ours / plain is our wrappers' overhead.
/// </remarks>
internal static class CompareCases
{
    /// <summary>Case names in run order.</summary>
    public static readonly string[] Names =
    {
        "mm", "pgd_step", "pgd_step_plain", "vgg_forward", "vgg_forward_plain", "ssim", "gmsd", "uqi", "ssim_exact", "gmsd_exact",
        "ifc", "patch_gram", "vgg_forward_bf16", "vgg_forward_bf16_cl", "pgd_step_bf16", "pgd_step_cl", "vgg_forward_cl",
        "pgd_step_raw",
    };

    private static readonly ComputeOptions Fp32ChannelsLast = new() { ChannelsLast = true };

    /// <summary>FLOP of one <c>mm</c> case call (1024³ float32 matrix product).</summary>
    public const double MmFlop = 2.0 * 1024 * 1024 * 1024;

    private static readonly string[] Valued = { "--only", "--warmup", "--iterations", "--threads", "--out" };
    private static readonly string[] DeepestTap = { "relu5_4" };
    private static readonly int[] Vgg19Config = { 64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0 };

    public static int Run(string[] args)
    {
        var options = GpuArguments.Parse(args, "compare-cases", Valued, Array.Empty<string>());
        if (options is null)
        {
            return 2;
        }

        try
        {
            set_num_threads(options.Int("--threads", 2));
            int warmup = options.Int("--warmup", 2, minimum: 0);
            int iterations = options.Int("--iterations", 5);
            var only = options.Value("--only", string.Join(',', Names)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = only.Where(n => !Names.Contains(n, StringComparer.Ordinal)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ArgumentException($"--only: unknown case(s) {string.Join(", ", unknown)}; expected some of {string.Join(", ", Names)}.");
            }

            var cases = new Dictionary<string, object?>();
            foreach (string name in only)
            {
                Console.Error.WriteLine($"compare-cases: {name} ...");
                cases[name] = Time(name, warmup, iterations);
            }

            var result = new Dictionary<string, object?>
            {
                ["implementation"] = "perceptuallosses",
                ["libtorch"] = __version__,
                ["threads"] = get_num_threads(),
                ["cases"] = cases,
            };
            string json = JsonSerializer.Serialize(result);
            Console.WriteLine(json);
            string? outFile = options.ValueOrNull("--out");
            if (outFile is not null)
            {
                File.WriteAllText(outFile, json);
            }

            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"compare-cases: {e.Message}");
            return 2;
        }
    }

    private static Dictionary<string, object?> Time(string name, int warmup, int iterations)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var step = Build(name);
        for (int i = 0; i < warmup; i++)
        {
            Scoped(step);
        }

        var ms = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            Scoped(step);
            ms.Add(clock.Elapsed.TotalMilliseconds);
        }

        var sorted = ms.OrderBy(t => t).ToList();
        return new Dictionary<string, object?> { ["times_ms"] = ms.Select(t => Math.Round(t, 3)).ToArray(), ["median_ms"] = Math.Round(sorted[sorted.Count / 2], 3) };
    }

    private static void Scoped(Action body)
    {
        using var scope = NewDisposeScope();
        body();
    }

    private static Action Build(string name)
    {
        var pgd = new ProjectedGradientDescent(new PgdOptions(1, 3.88, 0.155, AttackNorm.L2, RandomStart: false, UseBest: false));
        switch (name)
        {
            case "mm":
            {
                var a = randn(1024, 1024);
                var b = randn(1024, 1024);
                return () => a.mm(b)[0, 0].item<float>();
            }

            case "pgd_step":
            case "pgd_step_bf16":
            case "pgd_step_cl":
            {
                var vgg = new Vgg(VggOptions.Vgg19ImageNet);
                vgg.eval();
                if (name != "pgd_step")
                {
                    vgg.UseCompute(name.EndsWith("bf16", StringComparison.Ordinal) ? ComputeOptions.Bf16 : Fp32ChannelsLast);
                }

                var images = rand(4, 3, 128, 128);
                var labels = tensor(new long[] { 1, 2, 3, 4 });
                return () =>
                {
                    using var result = pgd.Perturb(vgg, images, AttackTarget.Untargeted(labels));
                };
            }

            case "pgd_step_plain":
            {
                var model = PlainVgg19(classifier: true);
                var images = rand(4, 3, 128, 128);
                var labels = tensor(new long[] { 1, 2, 3, 4 });
                return () =>
                {
                    using var result = pgd.Perturb(model, images, AttackTarget.Untargeted(labels));
                };
            }

            case "vgg_forward":
            case "vgg_forward_bf16":
            case "vgg_forward_bf16_cl":
            case "vgg_forward_cl":
            {
                var vgg = new Vgg(VggOptions.Vgg19FeaturesOnly);
                vgg.eval();
                if (name != "vgg_forward")
                {
                    vgg.UseCompute(name switch
                    {
                        "vgg_forward_cl" => Fp32ChannelsLast,
                        "vgg_forward_bf16_cl" => ComputeOptions.Bf16ChannelsLast,
                        _ => ComputeOptions.Bf16,
                    });
                }

                var input = rand(4, 3, 128, 128);
                return () =>
                {
                    using var noGrad = no_grad();
                    vgg.Features(input, DeepestTap)["relu5_4"].sum().item<float>();
                };
            }

            case "pgd_step_raw":
            {
                // The twin's pgd_l2_step (benchmarks/pytorch/pgd_bench.py) op for op in plain TorchSharp on a plain Sequential:
                // no attack class, no checks; ours/PyTorch here is libtorch 2.10 against PyTorch 1.13 alone.
                var model = PlainVgg19(classifier: true);
                var mean = tensor(ImageNetStatistics.Mean.ToArray()).reshape(1, 3, 1, 1);
                var std = tensor(ImageNetStatistics.Std.ToArray()).reshape(1, 3, 1, 1);
                var x0 = rand(4, 3, 128, 128);
                var labels = tensor(new long[] { 1, 2, 3, 4 });
                return () =>
                {
                    var x = x0.clone().detach().requires_grad_(true);
                    var loss = nn.functional.cross_entropy(model.call((x - mean) / std), labels, reduction: nn.Reduction.None).mean();
                    var grad = autograd.grad(new[] { loss }, new[] { x })[0];
                    using var noGrad = no_grad();
                    var norm = grad.reshape(grad.shape[0], -1).norm(1).reshape(-1, 1, 1, 1);
                    var stepped = x + (0.155 * grad / (norm + 1e-10));
                    clamp(x0 + (stepped - x0).renorm(2, 0, 3.88f), 0, 1)[0, 0, 0, 0].item<float>();
                };
            }

            case "vgg_forward_plain":
            {
                var model = PlainVgg19(classifier: false);
                var input = rand(4, 3, 128, 128);
                var mean = tensor(ImageNetStatistics.Mean.ToArray()).reshape(1, 3, 1, 1);
                var std = tensor(ImageNetStatistics.Std.ToArray()).reshape(1, 3, 1, 1);
                return () =>
                {
                    using var noGrad = no_grad();
                    model.call((input - mean) / std).sum().item<float>();
                };
            }

            case "ssim":
            case "gmsd":
            case "uqi":
            case "ssim_exact":
            case "gmsd_exact":
            case "ifc":
            {
                var reference = rand(4, 3, 512, 512);
                var distorted = (reference + (0.05 * randn(4, 3, 512, 512))).clamp(0, 1);
                var precision = name.EndsWith("_exact", StringComparison.Ordinal) ? MetricPrecision.Exact : MetricPrecision.Fast;
                var metricOptions = MetricOptions.Default with { Precision = precision };
                Func<Tensor> metric = name switch
                {
                    "ssim" or "ssim_exact" => () => SsimFn.Compute(distorted, reference, metricOptions),
                    "gmsd" or "gmsd_exact" => () => GmsdFn.Compute(distorted, reference, metricOptions),
                    "uqi" => () => Uqi.Compute(distorted, reference, metricOptions),
                    _ => () => IfcFn.Compute(distorted, reference, metricOptions),
                };
                return () =>
                {
                    using var noGrad = no_grad();
                    metric().sum().item<double>();
                };
            }

            case "patch_gram":
            {
                var x = rand(4, 128, 64, 64);
                var y = rand(4, 128, 64, 64);
                return () =>
                {
                    var p = x.detach().requires_grad_(true);
                    TextureMatchingLoss.Compute(p, y, TextureOptions.Paper).backward();
                    p.grad![0, 0, 0, 0].item<float>();
                };
            }

            default:
                throw new ArgumentException($"unknown case '{name}'.");
        }
    }

    /// <summary>torchvision's VGG-19 layer layout as a plain Sequential (in-place ReLUs), frozen, eval mode.</summary>
    internal static nn.Module<Tensor, Tensor> PlainVgg19(bool classifier)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int channels = 3;
        foreach (int c in Vgg19Config)
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

        if (classifier)
        {
            layers.Add(nn.AdaptiveAvgPool2d(new long[] { 7, 7 }));
            layers.Add(nn.Flatten());
            layers.Add(nn.Linear(512 * 7 * 7, 4096));
            layers.Add(nn.ReLU(inplace: true));
            layers.Add(nn.Linear(4096, 4096));
            layers.Add(nn.ReLU(inplace: true));
            layers.Add(nn.Linear(4096, 1000));
        }
        else
        {
            layers.RemoveAt(layers.Count - 1); // to relu5_4: no pool5
        }

        var model = nn.Sequential(layers.ToArray());
        model.eval();
        foreach (var p in model.parameters())
        {
            p.requires_grad_(false);
        }

        return model;
    }
}
