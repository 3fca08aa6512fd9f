using static TorchSharp.torch;

namespace PerceptualLosses.Data;

/// <summary>An endless, reproducible stream of (LR, HR) training batches whose position can be saved and restored.</summary>
public interface ISuperResolutionBatchSource
{
    /// <summary>The next batch: LR <c>[B,3,h,w]</c> and HR <c>[B,3,h·s,w·s]</c> in [0,1], on the training device.</summary>
    (Tensor LowResolution, Tensor HighResolution) NextBatch();

    /// <summary>An opaque description of the stream position (generator state), for checkpoints.</summary>
    string SaveState();

    /// <summary>Continues the stream from a state returned by <see cref="SaveState"/>.</summary>
    void RestoreState(string state);
}
