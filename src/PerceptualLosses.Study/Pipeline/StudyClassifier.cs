using System.IO;
using PerceptualLosses.Models;
using TorchSharp;
using static TorchSharp.torch;

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
public sealed record StudyClassifier(string Name, string Architecture, double Width, int NumClasses, bool Robust, string Weights, bool Judge)
{
    /// <summary>The classifier in eval mode on <paramref name="device"/>, for RGB images of <paramref name="imageSize"/>², through <see cref="ModelStore"/>.</summary>
    /// <param name="imageSize">Side of the images it will classify.</param>
    /// <param name="device">Target device.</param>
    /// <exception cref="FileNotFoundException">The weights file does not exist.</exception>
    public nn.Module<Tensor, Tensor> Load(int imageSize, Device device)
    {
        if (!File.Exists(Weights))
        {
            throw new FileNotFoundException($"classifier '{Name}' ({(Robust ? "robust" : "normal")}): weights file '{Weights}' does not exist.", Weights);
        }

        // Strict either way: a file of another architecture or class count fails with the keys that do not fit.
        return ModelStore.Classifier(Weights, new ClassifierArchitecture(Architecture, 3, imageSize, NumClasses, Width), device).Model;
    }
}
