using System;
using PerceptualLosses.Common;

namespace PerceptualLosses.Metrics;

/// <summary>Schedule of LPIPS 2AFC training and, optionally, the attack that makes it R-LPIPS.</summary>
/// <param name="Epochs">Epochs at the initial learning rate (reference: 5).</param>
/// <param name="DecayEpochs">Further epochs with the rate decaying linearly (reference: 5; see <see cref="LearningRateAt"/>).</param>
/// <param name="LearningRate">Adam learning rate (reference: 1e-4).</param>
/// <param name="Beta1">Adam β₁ (reference: 0.5).</param>
/// <param name="Beta2">Adam β₂ (reference: 0.999).</param>
/// <param name="Robust">PGD applied to reference, p₀ and p₁ before each step; <c>null</c> trains plain LPIPS.</param>
/// <param name="Seed">Seed of torch's generator.</param>
/// <remarks>Reference: richzhang/PerceptualSimilarity <c>train.py</c>, <c>lpips/trainer.py</c> (batch 50 is the caller's batching).</remarks>
public sealed record LpipsTrainingOptions(
    int Epochs = 5,
    int DecayEpochs = 5,
    double LearningRate = 1e-4,
    double Beta1 = 0.5,
    double Beta2 = 0.999,
    RobustLpipsAttack? Robust = null,
    int Seed = 0)
{
    /// <summary>The reference's LPIPS schedule.</summary>
    public static LpipsTrainingOptions Reference { get; } = new();

    /// <summary>The paper's R-LPIPS: the reference schedule with PGD-10, L2, ε = 1.33 on all three images.</summary>
    public static LpipsTrainingOptions PaperRobust { get; } = new(Robust: RobustLpipsAttack.Paper);

    /// <summary>Total epochs.</summary>
    public int TotalEpochs => Epochs + DecayEpochs;

    /// <summary>
    /// Learning rate used in 0-based <paramref name="epoch"/>, exactly as the reference runs it: <c>train.py</c> lowers the
    /// rate by <c>lr/nepoch_decay</c> after every epoch numbered above <c>nepoch</c> (<c>update_learning_rate</c>), so the
    /// first <see cref="Epochs"/> + 1 epochs run at the full rate and the last one at <c>lr/nepoch_decay</c> (with the
    /// defaults: 1, 1, 1, 1, 1, 1, 0.8, 0.6, 0.4, 0.2 × 10⁻⁴).
    /// </summary>
    public double LearningRateAt(int epoch) =>
        epoch <= Epochs ? LearningRate : LearningRate * (1.0 - (double)(epoch - Epochs) / DecayEpochs);

    /// <summary>Throws when a value is out of range (naming the property).</summary>
    public void Validate()
    {
        Guard.AtLeast(Epochs, 1);
        Guard.AtLeast(DecayEpochs, 0);

        Guard.Positive(LearningRate);
    }
}
