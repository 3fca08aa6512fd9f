namespace PerceptualLosses.Metrics;

/// <summary>The trunk of an LPIPS network, as the <c>net</c> argument of richzhang/PerceptualSimilarity <c>lpips.LPIPS</c>.</summary>
public enum LpipsNet
{
    /// <summary>torchvision <c>alexnet</c>, taps <c>relu1..relu5</c> (64, 192, 384, 256, 256 channels); the lpips package's default.</summary>
    Alex,

    /// <summary>torchvision <c>vgg16</c>, taps <c>relu1_2..relu5_3</c> (64, 128, 256, 512, 512 channels); the paper's LPIPS.</summary>
    Vgg,

    /// <summary>torchvision <c>squeezenet1_1</c>, taps <c>relu1..relu7</c> (64, 128, 256, 384, 384, 512, 512 channels).</summary>
    Squeeze,
}
