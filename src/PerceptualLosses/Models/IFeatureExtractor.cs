using System.Collections.Generic;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>A network whose intermediate feature maps can be read by name (the seam used by the perceptual losses).</summary>
public interface IFeatureExtractor
{
    /// <summary>All valid tap names, shallowest first.</summary>
    IReadOnlyList<string> LayerNames { get; }

    /// <summary>Runs the network only as deep as the deepest requested tap and returns the requested feature maps.</summary>
    /// <param name="input">Image batch <c>[B,3,H,W]</c> in the model's input convention.</param>
    /// <param name="layers">Tap names from <see cref="LayerNames"/>; unknown names are an error.</param>
    /// <returns>One tensor <c>[B,C,h,w]</c> per requested name.</returns>
    IReadOnlyDictionary<string, Tensor> Features(Tensor input, IReadOnlyCollection<string> layers);
}
