namespace PerceptualLosses.Imaging;

/// <summary>Interpolation kernels of <see cref="TorchResize"/> (PyTorch's <c>interpolate</c> modes).</summary>
public enum ResizeMethod
{
    /// <summary>Cubic convolution with a = −0.75 (PyTorch's choice; MATLAB uses −0.5, see <see cref="MatlabResize"/>).</summary>
    Bicubic,

    /// <summary>Linear in each dimension.</summary>
    Bilinear,

    /// <summary>Nearest neighbour.</summary>
    Nearest,
}
