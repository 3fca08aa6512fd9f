namespace PerceptualLosses.Attacks;

/// <summary>What the class tensor of an <see cref="AttackTarget"/> means.</summary>
public enum AttackTargetKind
{
    /// <summary>The classes are the true labels; the attack pushes the prediction away from them (loss maximised).</summary>
    Untargeted,

    /// <summary>The classes are the wanted target classes; the attack pulls the prediction towards them (loss minimised).</summary>
    Targeted,
}
