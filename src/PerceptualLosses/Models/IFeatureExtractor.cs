using System.Collections.Generic;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>A network whose intermediate feature maps can be read by layer name (the seam perceptual losses use).</summary>
public interface IFeatureExtractor
{
    /// <summary>Every valid layer name, in forward order.</summary>
    IReadOnlyList<string> LayerNames { get; }

    /// <summary>Runs the network up to the deepest requested layer and returns the requested feature maps by name.</summary>
    IReadOnlyDictionary<string, Tensor> Features(Tensor x, IReadOnlyCollection<string> layers);
}
