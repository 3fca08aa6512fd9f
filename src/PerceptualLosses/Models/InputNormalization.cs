using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>
/// <c>(x - mean) / std</c> per channel. Mean and std are plain tensors, not buffers, so they never appear in
/// <c>state_dict</c> and torchvision keys stay unchanged; they follow the input's device and dtype on first use there.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 neither lists nor moves non-persistent buffers in <c>Module.to(device)</c> (found with
/// <c>perceptual check-device</c> on CUDA), hence the move on demand.
/// </remarks>
internal sealed class InputNormalization : nn.Module<Tensor, Tensor>
{
    // Held in a plain object: TorchSharp's RegisterComponents turns Tensor fields into state_dict entries.
    private Constants current;

    public InputNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
        : base(nameof(InputNormalization))
    {
        // Detached from any dispose scope the model is built in: they live as long as the module.
        current = new Constants(
            tensor(mean.ToArray()).reshape(1, -1, 1, 1).DetachFromDisposeScope(),
            tensor(std.ToArray()).reshape(1, -1, 1, 1).DetachFromDisposeScope());
    }

    public override Tensor forward(Tensor input)
    {
        if (current.Mean.device != input.device || current.Mean.dtype != input.dtype)
        {
            current = new Constants(Replace(current.Mean, input), Replace(current.Std, input));
        }

        return input.sub(current.Mean).div_(current.Std);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            current.Mean.Dispose();
            current.Std.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed record Constants(Tensor Mean, Tensor Std);

    private static Tensor Replace(Tensor current, Tensor like)
    {
        var moved = current.to(like.dtype, like.device).DetachFromDisposeScope();
        current.Dispose();
        return moved;
    }
}
