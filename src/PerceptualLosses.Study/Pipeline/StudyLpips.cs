namespace PerceptualLosses.Study.Pipeline;

/// <summary>Weight files of the LPIPS and R-LPIPS columns (VGG-16 trunk, v0.1 linear layers).</summary>
/// <param name="Vgg16Weights">torchvision VGG-16 state dict (the trunk of both).</param>
/// <param name="LinWeights">LPIPS v0.1 lin weights (the official <c>weights/v0.1/vgg.pth</c>).</param>
/// <param name="RobustLinWeights">R-LPIPS lin weights (trained by the LPIPS trainer with PGD); null leaves R-LPIPS out.</param>
public sealed record StudyLpips(string Vgg16Weights, string LinWeights, string? RobustLinWeights);
