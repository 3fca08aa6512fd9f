using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PerceptualLosses.Attacks;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Runtime;
using PerceptualLosses.Training;
using TorchSharp;
using static TorchSharp.torch;
using GmsdFn = PerceptualLosses.Metrics.Gmsd;
using IfcFn = PerceptualLosses.Metrics.Ifc;
using SsimFn = PerceptualLosses.Metrics.Ssim;

namespace PerceptualLosses.Benchmarks.Gpu;

/// <summary>
/// <c>hot-paths</c> mode: times the study's hot paths at the paper's sizes with a fixed number of iterations on one
/// device (CUDA synchronised after every iteration) and prints JSON. The PyTorch twin doing the same work is
/// benchmarks/pytorch/hot_paths.py; tools/gpu/run.sh runs both on the GPU machine and reports the ratios.
/// </summary>
/// <remarks>
/// Usage: <c>PerceptualLosses.Benchmarks hot-paths [--device cpu|cuda] [--smoke] [--tf32 default|on|off]
/// [--warmup N] [--iterations N] [--only a,b] [--out FILE]</c>. <c>--smoke</c> runs every case at tiny sizes and
/// 1/16-width networks so that CPU CI exercises the code path; its times mean nothing.
/// </remarks>
internal static class HotPaths
{
    /// <summary>The case names, in the order they run (the twin uses the same names).</summary>
    public static readonly string[] Names =
    {
        "vgg19_fwd_bwd", "ept_loss_fwd_bwd", "pgd_l2_step_vgg19", "pgd_l2_step_resnet50", "lpips", "ssim", "gmsd", "ifc",
    };

    private static readonly string[] Valued = { "--device", "--tf32", "--warmup", "--iterations", "--only", "--out" };
    private static readonly string[] Flags = { "--smoke" };
    private static readonly string[] DeepestTap = { "relu5_4" };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(string[] args)
    {
        var options = GpuArguments.Parse(args, "hot-paths", Valued, Flags);
        if (options is null)
        {
            return 2;
        }

        try
        {
            var device = DeviceSelector.Parse(options.Value("--device", "cpu"));
            bool smoke = options.Flag("--smoke");
            string tf32 = options.Value("--tf32", "default");
            Tf32.Apply(tf32, device);
            int warmup = options.Int("--warmup", smoke ? 1 : 3);
            int iterations = options.Int("--iterations", smoke ? 1 : 10);
            var only = options.Value("--only", string.Join(',', Names)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (string name in only)
            {
                if (!Names.Contains(name, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"--only: unknown case '{name}'; expected some of {string.Join(", ", Names)}.");
                }
            }

            var cases = new Dictionary<string, object?>();
            var result = new Dictionary<string, object?>
            {
                ["implementation"] = "perceptuallosses",
                ["torchsharp"] = typeof(torch).Assembly.GetName().Version?.ToString(),
                ["libtorch"] = __version__,
                ["device"] = device.ToString(),
                ["smoke"] = smoke,
                ["warmup"] = warmup,
                ["iterations"] = iterations,
                ["tf32"] = Tf32.Describe(device),
                ["cases"] = cases,
            };
            foreach (string name in only)
            {
                Console.Error.WriteLine($"hot-paths: {name} ...");
                cases[name] = Time(name, device, smoke, warmup, iterations);
            }

            string json = JsonSerializer.Serialize(result, Indented);
            Console.WriteLine(json);
            string? outFile = options.ValueOrNull("--out");
            if (outFile is not null)
            {
                File.WriteAllText(outFile, json);
            }

            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"hot-paths: {e.Message}");
            return 2;
        }
    }

    private static Dictionary<string, object?> Time(string name, Device device, bool smoke, int warmup, int iterations)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var (shape, step) = Build(name, device, smoke);
        for (int i = 0; i < warmup; i++)
        {
            step();
        }

        Synchronize(device);
        var milliseconds = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            step();
            Synchronize(device);
            milliseconds.Add(clock.Elapsed.TotalMilliseconds);
        }

        milliseconds.Sort();
        return new Dictionary<string, object?>
        {
            ["shape"] = shape,
            ["median_ms"] = Math.Round(milliseconds[milliseconds.Count / 2], 3),
            ["min_ms"] = Math.Round(milliseconds[0], 3),
        };
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }

    /// <summary>Builds one case: its input shape and an action doing one iteration (its temporaries disposed).</summary>
    private static (string Shape, Action Step) Build(string name, Device device, bool smoke)
    {
        // Paper sizes; --smoke: tiny batches and 1/16-width networks.
        double width = smoke ? 0.0625 : 1.0;
        switch (name)
        {
            case "vgg19_fwd_bwd":
            {
                long[] shape = smoke ? new long[] { 2, 3, 64, 64 } : new long[] { 16, 3, 128, 128 };
                var vgg = Frozen(new Vgg(new VggOptions(Depth: 19, WidthMultiplier: width, IncludeClassifier: false)), device);
                var x = rand(shape, device: device);
                return (Describe(shape), () => Scoped(() =>
                {
                    var input = x.detach().requires_grad_(true);
                    vgg.Features(input, DeepestTap)["relu5_4"].sum().backward();
                }));
            }

            case "ept_loss_fwd_bwd":
            {
                long[] shape = smoke ? new long[] { 2, 3, 64, 64 } : new long[] { 16, 3, 128, 128 };
                var vgg = Frozen(new Vgg(new VggOptions(Depth: 19, WidthMultiplier: width, IncludeClassifier: false)), device);
                var loss = new CompositePerceptualLoss(LossPresets.Get("EPT"), vgg, validateTargetRange: false); // as the SR training builds it
                var prediction = rand(shape, device: device);
                var target = rand(shape, device: device);
                return (Describe(shape), () => Scoped(() =>
                {
                    var input = prediction.detach().requires_grad_(true);
                    loss.Compute(input, target).Total.backward();
                }));
            }

            case "pgd_l2_step_vgg19":
            case "pgd_l2_step_resnet50":
            {
                long[] shape = smoke ? new long[] { 2, 3, 32, 32 } : new long[] { 32, 3, 224, 224 };
                string architecture = name.EndsWith("vgg19", StringComparison.Ordinal) ? "vgg19" : "resnet50";
                var model = ArchitectureRegistry.Create(architecture, 3, (int)shape[2], 1000, width);
                model.to(device).eval();
                var images = rand(shape, device: device);
                var labels = randint(0, 1000, new[] { shape[0] }, device: device);
                var attack = new ProjectedGradientDescent(new PgdOptions(1, 3.88, 0.155, AttackNorm.L2, RandomStart: false, UseBest: false));
                return (Describe(shape), () => Scoped(() =>
                {
                    using var result = attack.Perturb(model, images, AttackTarget.Untargeted(labels));
                }));
            }

            case "lpips":
            {
                long[] shape = smoke ? new long[] { 2, 3, 64, 64 } : new long[] { 16, 3, 256, 256 };
                var trunk = new Vgg(new VggOptions(Depth: 16, WidthMultiplier: width, IncludeClassifier: false, NormalizeInput: false));
                var lpips = new Lpips(trunk, LpipsOptions.Vgg16ZeroToOne);
                var lin = new Dictionary<string, Tensor>();
                for (int k = 0; k < lpips.LinLayers.Count; k++)
                {
                    lin[$"lin{k}.model.1.weight"] = rand_like(lpips.LinLayers[k].Weight) * 0.1;
                }

                lpips.LoadLinWeights(lin);
                lpips.to(device).eval();
                var x0 = rand(shape, device: device);
                var x1 = (x0 + (0.05 * randn(shape, device: device))).clamp(0, 1);
                return (Describe(shape), () => Scoped(() =>
                {
                    using var noGrad = no_grad();
                    lpips.Compute(x1, x0);
                }));
            }

            case "ssim":
            case "gmsd":
            case "ifc":
            {
                long[] shape = smoke ? new long[] { 1, 3, 96, 96 } : new long[] { 16, 3, 512, 512 };
                var reference = rand(shape, device: device);
                var distorted = (reference + (0.05 * randn(shape, device: device))).clamp(0, 1);
                var metricOptions = MetricOptions.Default;
                Func<Tensor> metric = name switch
                {
                    "ssim" => () => SsimFn.Compute(distorted, reference, metricOptions),
                    "gmsd" => () => GmsdFn.Compute(distorted, reference, metricOptions),
                    _ => () => IfcFn.Compute(distorted, reference, metricOptions),
                };
                return (Describe(shape), () => Scoped(() =>
                {
                    using var noGrad = no_grad();
                    metric();
                }));
            }

            default:
                throw new ArgumentException($"unknown case '{name}'.");
        }
    }

    private static Vgg Frozen(Vgg vgg, Device device)
    {
        vgg.to(device).eval();
        foreach (var parameter in vgg.parameters())
        {
            parameter.requires_grad_(false);
        }

        return vgg;
    }

    private static void Scoped(Action body)
    {
        using var scope = NewDisposeScope();
        body();
    }

    private static string Describe(long[] shape) => string.Join('x', shape.Select(s => s.ToString(CultureInfo.InvariantCulture)));
}
