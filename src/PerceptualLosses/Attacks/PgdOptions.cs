using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Attacks;

/// <summary>Options of projected gradient descent (robustness <c>attacker.py</c> arguments).</summary>
/// <param name="Steps">Iterations K (robustness <c>iterations</c>), ≥ 1.</param>
/// <param name="Epsilon">Radius ε of the threat ball in [0,1] pixel space, &gt; 0.</param>
/// <param name="StepSize">Step α, &gt; 0.</param>
/// <param name="Norm">Threat model.</param>
/// <param name="RandomStart">Start from a random point of the ball (robustness <c>random_start</c>).</param>
/// <param name="UseBest">Return, per example, the iterate with the best objective, including the final one (robustness <c>use_best</c>); otherwise the last iterate.</param>
/// <param name="Restarts">Number of runs (robustness <c>random_restarts</c>); 0 or 1 = a single run.</param>
public sealed record PgdOptions(int Steps, double Epsilon, double StepSize, AttackNorm Norm, bool RandomStart = false, bool UseBest = true, int Restarts = 0)
{
    /// <summary>robustness' step rule factor: α = 2.5·ε/K (Madry et al. 2018 use 2.5ε/K so the attack can cross the ball).</summary>
    public const double StepRuleFactor = 2.5;

    /// <summary>ε of the paper's robust VGG-19 training (PGD-5, L2, paper Sec. 3).</summary>
    public const double PaperTrainingEpsilon = 5.82;

    /// <summary>ε of the paper's evaluation (Table 1).</summary>
    public const double PaperEvaluationEpsilon = 3.88;

    /// <summary>α of the paper's evaluation (Table 1).</summary>
    public const double PaperEvaluationStepSize = 0.155;

    /// <summary>
    /// Paper training attack: PGD-5, L2, ε = 5.82. The paper gives no step size, so α follows robustness' rule
    /// 2.5·ε/K = 2.91; no random start and use_best as robustness' training defaults (neither is stated in the paper).
    /// </summary>
    public static PgdOptions PaperTraining { get; } = StepRule(PaperTrainingEpsilon, 5, AttackNorm.L2);

    /// <summary>Paper evaluation attack: (targeted) PGD-50, L2, ε = 3.88, α = 0.155 (Table 1); use_best as robustness' default.</summary>
    public static PgdOptions PaperEvaluation { get; } = new(50, PaperEvaluationEpsilon, PaperEvaluationStepSize, AttackNorm.L2);

    /// <summary>Steps, ε and α = 2.5·ε/K (robustness step rule).</summary>
    public static PgdOptions StepRule(double epsilon, int steps, AttackNorm norm = AttackNorm.L2)
    {
        Guard.AtLeast(steps, 1);
        Guard.Positive(epsilon);
        return new PgdOptions(steps, epsilon, StepRuleFactor * epsilon / steps, norm);
    }

    /// <summary>Distribution of the L2 random start when <see cref="RandomStart"/> is set (robustness ≤ 1.1 by default).</summary>
    public L2RandomStart L2Start { get; init; } = L2RandomStart.RenormedUniform;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        Guard.AtLeast(Steps, 1);
        Guard.Positive(Epsilon);
        Guard.Positive(StepSize);
        Guard.AtLeast(Restarts, 0);
        Guard.Defined(Norm);

        Guard.Defined(L2Start);
    }
}
