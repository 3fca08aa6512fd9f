using System;
using System.Linq;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// Arithmetic and memory layout a network runs its layers in: reduced precision (bfloat16, float16 on CUDA) and
/// channels-last (NHWC) layout. Inputs and returned feature maps/logits stay float32, so losses accumulate in float32.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 has no <c>memory_format</c> argument: channels-last is reached by permuted contiguous tensors,
/// <c>t.permute(0,2,3,1).contiguous().permute(0,3,1,2)</c>, applied to the conv weights and to the network input; libtorch
/// then keeps the layout through convolution, ReLU and pooling (strides <c>[HWC, 1, WC, C]</c>, checked by the tests).
/// Accuracy cost of bfloat16 against float32, measured on the committed fixtures (docs/performance.md): VGG-19 features
/// 0.2 % (conv1_1) to 1.7 % (relu5_4) relative Frobenius error, logits 0.9 %; LPIPS distances 2.2e-4 absolute; PGD-L2
/// input gradients have cosine 0.90 with float32 and the adversarial examples differ by up to 0.07 per pixel while
/// raising the float32 loss as much. Speed depends on the CPU: without AVX512-BF16/AMX (e.g. AMD Zen 3, AVX2 only)
/// libtorch's bfloat16 convolutions are many times slower than float32 (measured in benchmarks/README.md).
/// </remarks>
public sealed record ComputeOptions
{
    /// <summary>Type of weights and activations (default float32).</summary>
    public NetworkPrecision Precision { get; init; } = NetworkPrecision.Fp32;

    /// <summary>Hold conv weights and activations in channels-last (NHWC) memory layout (default false: NCHW).</summary>
    public bool ChannelsLast { get; init; }

    /// <summary>float32, NCHW: the reference setting.</summary>
    public static ComputeOptions Fp32 { get; } = new();

    /// <summary>bfloat16, NCHW.</summary>
    public static ComputeOptions Bf16 { get; } = new() { Precision = NetworkPrecision.Bf16 };

    /// <summary>bfloat16, channels-last (the fastest setting of PyTorch on AVX512-BF16 CPUs).</summary>
    public static ComputeOptions Bf16ChannelsLast { get; } = new() { Precision = NetworkPrecision.Bf16, ChannelsLast = true };

    /// <summary>The libtorch dtype of <see cref="Precision"/>.</summary>
    public ScalarType DType => Precision switch
    {
        NetworkPrecision.Bf16 => ScalarType.BFloat16,
        NetworkPrecision.Fp16 => ScalarType.Float16,
        _ => ScalarType.Float32,
    };

    /// <summary>True for float32 NCHW, where a network does no conversion at all.</summary>
    public bool IsReference => Precision == NetworkPrecision.Fp32 && !ChannelsLast;

    /// <summary>Throws <see cref="ArgumentException"/> (naming the device) for a combination the device cannot run (float16 on the CPU).</summary>
    /// <param name="device">Device the network lives on.</param>
    public void Validate(Device device)
    {
        Guard.NotNull(device, nameof(device));
        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentException($"Precision must be Fp32, Bf16 or Fp16; got {Precision}.", nameof(device));
        }

        if (Precision == NetworkPrecision.Fp16 && device.type != DeviceType.CUDA)
        {
            throw new ArgumentException(
                $"Precision = Fp16 needs a CUDA device (libtorch has no float16 convolutions on {device.type}); on the CPU use Bf16.",
                nameof(device));
        }
    }

    /// <summary>
    /// Converts a network's parameters and buffers to <see cref="DType"/> and lays its conv weights out in this layout
    /// (contiguous again for NCHW); the shared body of the networks' <c>UseCompute</c>.
    /// </summary>
    internal void ApplyTo(nn.Module network)
    {
        using var noGrad = no_grad();
        network.to(DType);
        foreach (var conv in network.modules().OfType<TorchSharp.Modules.Conv2d>())
        {
            // Permuted contiguous weights are how channels-last reaches the kernels (TorchSharp has no memory_format);
            // a contiguous copy undoes it.
            var weight = conv.weight!;
            var laid = ChannelsLast ? ToLayout(weight) : weight.contiguous();
            if (!ReferenceEquals(laid, weight))
            {
                conv.weight = new TorchSharp.Modules.Parameter(laid.detach().DetachFromDisposeScope(), weight.requires_grad);
            }
        }
    }

    /// <summary>A 4-D tensor in this layout: channels-last via a permuted contiguous copy, else unchanged.</summary>
    /// <param name="tensor">Activation <c>[B,C,H,W]</c> or conv weight <c>[O,I,kH,kW]</c>.</param>
    public Tensor ToLayout(Tensor tensor)
    {
        Guard.NotNull(tensor, nameof(tensor));
        return ChannelsLast && tensor.dim() == 4 ? tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : tensor;
    }

    /// <summary>Network input in this dtype and layout (the cast is differentiable: gradients reach a float32 input).</summary>
    /// <param name="input">Batch <c>[B,C,H,W]</c>.</param>
    public Tensor PrepareInput(Tensor input) => ToLayout(Guard.NotNull(input, nameof(input)).to_type(DType));

    /// <summary>True when a 4-D tensor is laid out channels-last (channel stride 1, as NHWC memory).</summary>
    /// <param name="tensor">Tensor to inspect.</param>
    public static bool IsChannelsLast(Tensor tensor)
    {
        Guard.NotNull(tensor, nameof(tensor));
        return tensor.dim() == 4 && tensor.stride(1) == 1 && tensor.stride(3) == tensor.shape[1] && tensor.shape[1] > 1;
    }
}
