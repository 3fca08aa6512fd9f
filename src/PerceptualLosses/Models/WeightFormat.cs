namespace PerceptualLosses.Models;

/// <summary>File formats understood by <see cref="ModelWeights"/>.</summary>
public enum WeightFormat
{
    /// <summary>Choose from the file extension when saving (<c>.pt/.pth/.bin</c>, <c>.safetensors</c>, <c>.dat</c>) and from the file's first bytes when loading.</summary>
    Auto,

    /// <summary>PyTorch <c>torch.save(state_dict)</c> zip format (PyTorch ≥ 1.6); the legacy non-zip pickle is not supported.</summary>
    PyTorch,

    /// <summary>Hugging Face safetensors.</summary>
    Safetensors,

    /// <summary>TorchSharp's own <c>Module.save</c> format.</summary>
    TorchSharp,
}
