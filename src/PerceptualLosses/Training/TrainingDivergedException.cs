using System;

namespace PerceptualLosses.Training;

/// <summary>The loss became NaN or infinite; no checkpoint was written for this or any later step.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(int step, string? lastCheckpoint, string detail)
        : base($"Training loss became {detail} at step {step}. Last good checkpoint: {lastCheckpoint ?? "none"}. Lower the learning rate or check the data, then resume from that checkpoint.")
    {
        Step = step;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>The step whose loss was not finite.</summary>
    public int Step { get; }

    /// <summary>Folder of the last checkpoint written, if any.</summary>
    public string? LastCheckpoint { get; }
}
