using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// <c>(x - mean) / std</c> per channel, with mean and std held as non-persistent buffers: they follow the model
/// to its device but never appear in <c>state_dict</c>, so torchvision keys stay unchanged.
/// </summary>
internal sealed class InputNormalization : nn.Module<Tensor, Tensor>
{
    private const string MeanName = "mean";
    private const string StdName = "std";

    public InputNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
        : base(nameof(InputNormalization))
    {
        // Registered by hand (not as fields) so RegisterComponents cannot turn them into persistent buffers.
        // Detached from any dispose scope the model is built in: they live as long as the module.
        register_buffer(MeanName, tensor(mean.ToArray()).reshape(1, -1, 1, 1).DetachFromDisposeScope(), persistent: false);
        register_buffer(StdName, tensor(std.ToArray()).reshape(1, -1, 1, 1).DetachFromDisposeScope(), persistent: false);
    }

    public override Tensor forward(Tensor input) =>
        input.sub(get_buffer(MeanName)!).div_(get_buffer(StdName)!);
}
