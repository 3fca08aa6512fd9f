namespace PerceptualLosses.Models;

/// <summary>What produced a <see cref="VggTap"/>'s feature map.</summary>
public enum VggTapKind
{
    /// <summary>A 3x3 convolution (pre-activation).</summary>
    Convolution,

    /// <summary>BatchNorm2d after a convolution (<c>_bn</c> variants only).</summary>
    BatchNorm,

    /// <summary>ReLU after a convolution (or its batch norm).</summary>
    Relu,

    /// <summary>2x2 pooling at the end of a block.</summary>
    Pool,
}
