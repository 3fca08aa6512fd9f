using PerceptualLosses.Common;

namespace PerceptualLosses.Training;

/// <summary>The names of the training options' enum settings, as a command line or a configuration file gives them.</summary>
public static class TrainingSettingNames
{
    /// <summary><see cref="ClassifierTrainingOptions.Schedule"/>: <c>constant</c>, <c>step</c>, <c>cosine</c>.</summary>
    public static EnumNames<LearningRateSchedule> Schedule { get; } = new(
        nameof(ClassifierTrainingOptions.Schedule),
        (LearningRateSchedule.Constant, "constant"),
        (LearningRateSchedule.Step, "step"),
        (LearningRateSchedule.Cosine, "cosine"));
}
