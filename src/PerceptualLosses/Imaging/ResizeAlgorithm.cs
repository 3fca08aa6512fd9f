namespace PerceptualLosses.Imaging;

/// <summary>The resizers of <see cref="ImageResize.Apply"/>: MATLAB's <c>imresize</c> or one of PyTorch's <c>interpolate</c> modes.</summary>
public enum ResizeAlgorithm
{
    /// <summary><see cref="MatlabResize.Imresize(TorchSharp.torch.Tensor, double, bool)"/>: MATLAB <c>imresize(img, scale, 'bicubic')</c>, antialiased when shrinking.</summary>
    MatlabBicubic,

    /// <summary><see cref="TorchResize"/> with <see cref="ResizeMethod.Bicubic"/>, antialiased when shrinking.</summary>
    TorchBicubic,

    /// <summary><see cref="TorchResize"/> with <see cref="ResizeMethod.Bilinear"/>, antialiased when shrinking.</summary>
    TorchBilinear,

    /// <summary><see cref="TorchResize"/> with <see cref="ResizeMethod.Nearest"/>.</summary>
    Nearest,
}
