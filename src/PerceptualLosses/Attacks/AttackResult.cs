using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>Result of an attack: the adversarial batch and the mean objective seen at each step.</summary>
public sealed class AttackResult : IDisposable
{
    /// <summary>Creates a result; takes ownership of <paramref name="adversarial"/>.</summary>
    public AttackResult(Tensor adversarial, IReadOnlyList<double> stepLosses)
    {
        Adversarial = Guard.NotNull(adversarial);
        StepLosses = Guard.NotNull(stepLosses);
    }

    /// <summary>Adversarial images <c>[B,C,H,W]</c> in [0,1], detached.</summary>
    public Tensor Adversarial { get; }

    /// <summary>Batch-mean objective (unsigned, before the gradient step) at each iteration, across restarts in order.</summary>
    public IReadOnlyList<double> StepLosses { get; }

    /// <summary>Disposes <see cref="Adversarial"/>.</summary>
    public void Dispose() => Adversarial.Dispose();
}
