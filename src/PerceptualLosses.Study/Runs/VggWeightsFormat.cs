namespace PerceptualLosses.Study.Runs;

/// <summary>How a VGG-19 weights file of the loss networks is laid out (<see cref="Pipeline.StudyConfiguration.RobustVggIsRobustnessCheckpoint"/>).</summary>
public enum VggWeightsFormat
{
    /// <summary>A MadryLab robustness checkpoint (<c>module.model.*</c> keys).</summary>
    Robustness,

    /// <summary>A torchvision VGG state dict.</summary>
    StateDict,
}
