namespace PerceptualLosses.Study.Pipeline;

/// <summary>One classifier of Table 1 (and a Figure 1 judge when <paramref name="Judge"/>).</summary>
/// <param name="Name">Row name (<c>ResNet-50</c>).</param>
/// <param name="Architecture">Architecture name (<c>vgg19</c>, <c>resnet50</c>, … as in the architecture registry).</param>
/// <param name="Width">Channel multiplier (1 for the torchvision models).</param>
/// <param name="NumClasses">Number of classes (1000 for ImageNet).</param>
/// <param name="Robust">Adversarially trained.</param>
/// <param name="Weights">Weights file: TorchSharp format (written by <c>train-classifier</c>), a torchvision-layout state dict
/// (.pt/.pth/.safetensors) or a MadryLab robustness checkpoint; format and layout are detected from the file.</param>
/// <param name="Judge">Used as a Figure 1 judge (the paper's judges are the two ResNet-50s).</param>
public sealed record StudyClassifier(string Name, string Architecture, double Width, int NumClasses, bool Robust, string Weights, bool Judge);
