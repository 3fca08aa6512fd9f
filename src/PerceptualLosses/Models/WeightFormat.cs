namespace PerceptualLosses.Models;

/// <summary>File formats understood by <see cref="ModelWeights"/>.</summary>
public enum WeightFormat
{
    /// <summary>Choose from the file extension when saving (<c>.pt/.pth/.bin</c>, <c>.safetensors</c>, <c>.dat</c>) and from the file's first bytes when loading.</summary>
    Auto,

    /// <summary>PyTorch <c>torch.save</c> zip format (PyTorch ≥ 1.6); what <see cref="ModelWeights.Save"/> writes for <c>.pt/.pth</c>. Reading accepts either PyTorch format.</summary>
    PyTorch,

    /// <summary>Hugging Face safetensors.</summary>
    Safetensors,

    /// <summary>TorchSharp's own <c>Module.save</c> format.</summary>
    TorchSharp,

    /// <summary>PyTorch's legacy (before 1.6, non-zip) <c>torch.save</c> pickle stream, the format of torchvision's, MadryLab robustness' and LPIPS' published weights; read only.</summary>
    PyTorchLegacy,
}
