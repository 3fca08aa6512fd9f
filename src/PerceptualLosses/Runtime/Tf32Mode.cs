namespace PerceptualLosses.Runtime;

/// <summary>Whether CUDA matmuls and cuDNN convolutions may use TF32 (<see cref="Tf32.Apply"/>).</summary>
public enum Tf32Mode
{
    /// <summary>libtorch's defaults, left as they are (matmul off, cuDNN on).</summary>
    Default,

    /// <summary>TF32 for both cuBLAS matmuls and cuDNN convolutions.</summary>
    On,

    /// <summary>Full float32 for both.</summary>
    Off,
}
