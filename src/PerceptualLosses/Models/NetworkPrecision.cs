namespace PerceptualLosses.Models;

/// <summary>Floating-point type a network's weights and activations are held in (<see cref="ComputeOptions.Precision"/>).</summary>
public enum NetworkPrecision
{
    /// <summary>float32: the reference arithmetic of every test and published number.</summary>
    Fp32,

    /// <summary>bfloat16 (8-bit mantissa): fast only on CPUs with AVX512-BF16 or AMX and on GPUs; results returned as float32.</summary>
    Bf16,

    /// <summary>float16: CUDA only (libtorch's CPU convolutions have no float16 kernels); results returned as float32.</summary>
    Fp16,
}
