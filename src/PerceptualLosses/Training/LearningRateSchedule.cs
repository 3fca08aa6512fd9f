namespace PerceptualLosses.Training;

/// <summary>How the learning rate changes per epoch.</summary>
public enum LearningRateSchedule
{
    /// <summary>Constant.</summary>
    Constant,

    /// <summary>Multiplied by γ every <c>StepEpochs</c> epochs (robustness <c>step_lr</c>).</summary>
    Step,

    /// <summary>Cosine annealing from the base rate to 0 over all epochs.</summary>
    Cosine,
}
