using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// Fast gradient sign method (Goodfellow, Shlens, Szegedy, "Explaining and Harnessing Adversarial Examples", ICLR 2015):
/// <c>x̄ = clamp(x + ε·sign(∇ₓ m·ℓ), 0, 1)</c>, i.e. exactly one <see cref="LinfStep"/> with α = ε and no random start.
/// </summary>
public sealed class FastGradientSignMethod : IAttack
{
    private readonly ProjectedGradientDescent _pgd;

    /// <summary>Creates FGSM with L∞ radius <paramref name="epsilon"/> in [0,1] pixel space.</summary>
    public FastGradientSignMethod(double epsilon)
    {
        Guard.Positive(epsilon);
        Epsilon = epsilon;
        _pgd = new ProjectedGradientDescent(new PgdOptions(1, epsilon, epsilon, AttackNorm.Linf, RandomStart: false, UseBest: false));
    }

    /// <summary>The L∞ radius.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public AttackResult Perturb(nn.Module<Tensor, Tensor> model, Tensor images, AttackTarget target, IAttackObjective? objective = null) =>
        _pgd.Perturb(model, images, target, objective);
}
