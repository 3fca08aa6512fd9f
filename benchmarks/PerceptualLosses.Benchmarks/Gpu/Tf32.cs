using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Benchmarks.Gpu;

/// <summary>
/// TF32 switches of cuBLAS matmuls and cuDNN convolutions, which TorchSharp 0.107 exposes as
/// <c>torch.backends.cuda.matmul.allow_tf32</c> and <c>torch.backends.cudnn.allow_tf32</c> (as PyTorch does).
/// </summary>
internal static class Tf32
{
    /// <summary><c>default</c> leaves libtorch's defaults (matmul off, cuDNN on); <c>on</c>/<c>off</c> set both.</summary>
    public static void Apply(string mode, Device device)
    {
        switch (mode)
        {
            case "default":
                return;
            case "on":
            case "off":
                if (device.type != DeviceType.CUDA)
                {
                    return; // TF32 is a CUDA setting; on the CPU there is nothing to switch.
                }

                backends.cuda.matmul.allow_tf32 = mode == "on";
                backends.cudnn.allow_tf32 = mode == "on";
                return;
            default:
                throw new ArgumentException($"--tf32 must be default, on or off; got '{mode}'.");
        }
    }

    /// <summary>The current switches (null on the CPU).</summary>
    public static Dictionary<string, object?>? Describe(Device device) => device.type != DeviceType.CUDA
        ? null
        : new Dictionary<string, object?>
        {
            ["cuda_matmul_allow_tf32"] = backends.cuda.matmul.allow_tf32,
            ["cudnn_allow_tf32"] = backends.cudnn.allow_tf32,
        };
}
