using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Attacks;

/// <summary>Options of Auto-PGD (Croce &amp; Hein 2020; fra31/auto-attack autopgd_base.py).</summary>
/// <param name="Steps">Iterations N (AutoAttack standard: 100).</param>
/// <param name="Epsilon">Radius ε in [0,1] pixel space.</param>
/// <param name="Norm">Threat model.</param>
/// <param name="Restarts">Runs from independent random starts; examples not yet fooled take the next run's result.</param>
/// <param name="Rho">Oscillation threshold ρ of the step-size check (paper: 0.75).</param>
public sealed record ApgdOptions(int Steps, double Epsilon, AttackNorm Norm, int Restarts = 1, double Rho = 0.75)
{
    /// <summary>AutoAttack's standard iteration count.</summary>
    public const int StandardSteps = 100;

    /// <summary>Initial step size factor: η⁽⁰⁾ = 2ε (paper Alg. 1).</summary>
    public const double InitialStepFactor = 2.0;

    /// <summary>Momentum α = 0.75 (paper Sec. 3.2; the first step has none).</summary>
    public const double Momentum = 0.75;

    /// <summary>First checkpoint after p₁ = 22 % of the iterations (paper Sec. 3.2).</summary>
    public const double FirstCheckpointFraction = 0.22;

    /// <summary>Checkpoint intervals shrink by 3 % of N each time (paper: p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06)).</summary>
    public const double IntervalDecreaseFraction = 0.03;

    /// <summary>Checkpoint intervals never fall below 6 % of N.</summary>
    public const double MinimumIntervalFraction = 0.06;

    /// <summary>Added to norms and DLR denominators (autopgd_base.py uses 1e-12).</summary>
    public const double Stabilizer = 1e-12;

    /// <summary>The stronger check attack for the paper's evaluation: APGD, 100 steps, L2, ε = 3.88.</summary>
    public static ApgdOptions PaperEvaluation { get; } = new(StandardSteps, PgdOptions.PaperEvaluationEpsilon, AttackNorm.L2);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        Guard.AtLeast(Steps, 1);
        Guard.Positive(Epsilon);
        Guard.AtLeast(Restarts, 1);
        Guard.Positive(Rho);
        Guard.Defined(Norm);
    }
}
