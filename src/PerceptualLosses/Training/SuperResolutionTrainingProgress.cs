namespace PerceptualLosses.Training;

/// <summary>Progress of a super-resolution training run, reported after each step.</summary>
/// <param name="Step">Steps done so far.</param>
/// <param name="TotalSteps">Steps in the whole run.</param>
/// <param name="Loss">Training loss of the last step.</param>
/// <param name="StepsPerSecond">Rate over this process's steps.</param>
/// <param name="Validation">Last validation value, if any.</param>
public sealed record SuperResolutionTrainingProgress(int Step, int TotalSteps, double Loss, double StepsPerSecond, double? Validation);
