using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Runtime;

/// <summary>The TF32 switches of cuBLAS and cuDNN, set together.</summary>
public static class Tf32
{
    /// <summary>The names of <see cref="Tf32Mode"/>: <c>default</c>, <c>on</c>, <c>off</c>.</summary>
    public static EnumNames<Tf32Mode> Modes { get; } = new("Tf32", (Tf32Mode.Default, "default"), (Tf32Mode.On, "on"), (Tf32Mode.Off, "off"));

    /// <summary>Sets both switches for <paramref name="mode"/> (process-wide); <see cref="Tf32Mode.Default"/> leaves them as they are.</summary>
    /// <param name="mode">The mode.</param>
    public static void Apply(Tf32Mode mode)
    {
        if (mode == Tf32Mode.Default)
        {
            return;
        }

        TorchRuntime.EnsureLoaded();
        backends.cuda.matmul.allow_tf32 = mode == Tf32Mode.On;
        backends.cudnn.allow_tf32 = mode == Tf32Mode.On;
    }

    /// <summary>Whether cuBLAS matmuls may use TF32 now.</summary>
    public static bool MatmulAllowed => backends.cuda.matmul.allow_tf32;

    /// <summary>Whether cuDNN convolutions may use TF32 now.</summary>
    public static bool CudnnAllowed => backends.cudnn.allow_tf32;
}
