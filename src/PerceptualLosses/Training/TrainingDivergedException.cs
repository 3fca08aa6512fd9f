using System;

namespace PerceptualLosses.Training;

/// <summary>The loss, or the weights after an update, became NaN or infinite; no checkpoint was written for this or any later step.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="step">The step that diverged.</param>
    /// <param name="lastCheckpoint">Folder of the last checkpoint written, if any.</param>
    /// <param name="detail">What became non-finite (<c>loss NaN</c>, <c>weights after the update</c>).</param>
    public TrainingDivergedException(int step, string? lastCheckpoint, string detail)
        : base($"Training diverged at step {step}: {detail} became NaN or infinite. Last good checkpoint: {lastCheckpoint ?? "none"}. Lower the learning rate or check the data, then resume from that checkpoint.")
    {
        Step = step;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>The step whose loss or updated weights were not finite.</summary>
    public int Step { get; }

    /// <summary>Folder of the last checkpoint written, if any.</summary>
    public string? LastCheckpoint { get; }
}
