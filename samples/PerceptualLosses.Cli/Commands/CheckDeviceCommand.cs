using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using PerceptualLosses.Attacks;
using PerceptualLosses.Imaging;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;
using PerceptualLosses.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Cli.Commands;

/// <summary>
/// <c>perceptual check-device</c>: runs each building block (MATLAB resize, VGG-19 taps, EPT loss and its gradient, a PGD
/// step, SSIM, GMSD, EnhanceNet) on the CPU and on the chosen device with the same seeded inputs and reports the largest
/// relative difference and the time of each. Use it to check a CUDA installation.
/// </summary>
internal static class CheckDeviceCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "Device to compare with the CPU: cuda, cuda:N (cpu compares the CPU with itself).", DefaultValueFactory = _ => "cuda" };
        var tf32 = new Option<string>("--tf32")
        {
            Description = "TF32 of cuBLAS matmuls and cuDNN convolutions on CUDA: default (libtorch's: matmul off, cuDNN on), on or off.",
            DefaultValueFactory = _ => Tf32.Modes.Name(Tf32Mode.Default),
        };
        tf32.AcceptOnlyFromAmong(Tf32.Modes.Names.ToArray());
        var json = CommonOptions.Json();
        var command = new Command("check-device", "Compare every building block on CPU and on a device.") { device, tf32, json };
        command.SetAction(parse =>
        {
            {
                var target = DeviceSelector.Parse(parse.GetValue(device)!);
                var results = new Dictionary<string, object?> { ["device"] = target.ToString(), ["cuda_devices"] = cuda.is_available() ? cuda.device_count() : 0 };
                if (target.type == DeviceType.CUDA)
                {
                    Tf32.Apply(Tf32.Modes.Parse(parse.GetValue(tf32)));
                    results["cuda_matmul_allow_tf32"] = Tf32.MatmulAllowed;
                    results["cudnn_allow_tf32"] = Tf32.CudnnAllowed;
                }

                manual_seed(0);
                var image = rand(2, 3, 64, 96);
                var target2 = rand(2, 3, 64, 96);
                var vggCpu = new Vgg(new VggOptions(Depth: 19, WidthMultiplier: 0.25, IncludeClassifier: false));
                var vggDev = new Vgg(new VggOptions(Depth: 19, WidthMultiplier: 0.25, IncludeClassifier: false));
                vggDev.load_state_dict(vggCpu.state_dict());
                vggDev.to(target);
                var lossCpu = new CompositePerceptualLoss(LossSpec.Parse("EPT"), vggCpu);
                var lossDev = new CompositePerceptualLoss(LossSpec.Parse("EPT"), vggDev);
                var netCpu = new EnhanceNet(EnhanceNetOptions.Tiny);
                var netDev = new EnhanceNet(EnhanceNetOptions.Tiny);
                netDev.load_state_dict(netCpu.state_dict());
                netDev.to(target);

                Compare(results, "matlab_imresize_quarter", target, d => MatlabResize.Imresize(image.to(d), 0.25));
                Compare(results, "vgg19_relu5_4", target, d => (d.type == DeviceType.CPU ? vggCpu : vggDev).Features(image.to(d), new[] { "relu5_4" })["relu5_4"]);
                Compare(results, "ept_loss", target, d => (d.type == DeviceType.CPU ? lossCpu : lossDev).Compute(image.to(d), target2.to(d)).Total);
                Compare(results, "ept_gradient", target, d =>
                {
                    var p = image.to(d).detach().clone().requires_grad_(true);
                    (d.type == DeviceType.CPU ? lossCpu : lossDev).Compute(p, target2.to(d)).Total.backward();
                    return p.grad!;
                });
                Compare(results, "enhancenet_tiny", target, d => (d.type == DeviceType.CPU ? netCpu : netDev).call(image.to(d)));
                Compare(results, "ssim", target, d => Ssim.Compute(image.to(d), target2.to(d), MetricOptions.Default));
                Compare(results, "gmsd", target, d => Gmsd.Compute(image.to(d), target2.to(d), MetricOptions.Default));
                Compare(results, "pgd_l2_step_vgg_features", target, d =>
                {
                    var vgg = d.type == DeviceType.CPU ? vggCpu : vggDev;
                    var head = nn.Sequential(("features", new FeatureHead(vgg)));
                    var pgd = new ProjectedGradientDescent(new PgdOptions(1, 1.0, 0.25, AttackNorm.L2));
                    using var result = pgd.Perturb(head, image.to(d), AttackTarget.Untargeted(tensor(new long[] { 1, 2 }).to(d)));
                    return result.Adversarial.clone();
                });
                Output.Write(results, parse.GetValue(json), "perceptual check-device");
                return 0;
            }
        });
        return command;
    }

    private static void Compare(Dictionary<string, object?> results, string name, Device device, Func<Device, Tensor> run)
    {
        using var scope = NewDisposeScope();
        var cpu = run(CPU).detach().to_type(ScalarType.Float64);
        run(device); // warm-up (kernel selection, allocator)
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }

        var clock = Stopwatch.StartNew();
        var other = run(device).detach();
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        double difference = (other.cpu().to_type(ScalarType.Float64) - cpu).abs().max().item<double>();
        double scale = Math.Max(cpu.abs().max().item<double>(), 1e-12);
        results[name] = new Dictionary<string, object?> { ["max_relative_difference"] = difference / scale, ["milliseconds"] = Math.Round(1000 * seconds, 3) };
    }

    /// <summary>A 10-class linear head on the VGG's deepest features, so PGD has logits to attack.</summary>
    private sealed class FeatureHead : nn.Module<Tensor, Tensor>
    {
        private readonly Vgg vgg;

        public FeatureHead(Vgg vgg)
            : base(nameof(FeatureHead)) => this.vgg = vgg;

        public override Tensor forward(Tensor input) =>
            vgg.Features(input, new[] { "pool5" })["pool5"].flatten(1).narrow(1, 0, 10);
    }
}
