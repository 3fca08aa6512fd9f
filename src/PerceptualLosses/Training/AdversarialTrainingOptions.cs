using PerceptualLosses.Attacks;

namespace PerceptualLosses.Training;

/// <summary>
/// Training objective <c>w_adv·CE(F(x̄), y) + w_clean·CE(F(x), y) + w_alp·mean_b (1/d)‖F(x_b) − F(x̄_b)‖²</c>, with x̄ from
/// an untargeted PGD attack on the batch and d the number of logits; the pairing term is the mean squared difference of
/// the logits over batch and classes (adversarial logit pairing: Kannan, Kurakin, Goodfellow, arXiv:1803.06373, 2018).
/// </summary>
/// <param name="Attack">PGD used to build x̄; null for plain training (then only <paramref name="CleanWeight"/> may be non-zero).</param>
/// <param name="AdversarialWeight">w_adv ≥ 0.</param>
/// <param name="CleanWeight">w_clean ≥ 0.</param>
/// <param name="LogitPairingWeight">w_alp ≥ 0.</param>
public sealed record AdversarialTrainingOptions(PgdOptions? Attack, double AdversarialWeight, double CleanWeight, double LogitPairingWeight)
{
    /// <summary>ALP weight of the paper's robust VGG-19 (Sec. 3).</summary>
    public const double PaperLogitPairingWeight = 0.5;

    /// <summary>
    /// Paper, mixed reading (the default): <c>0.5·CE(clean) + 0.5·CE(adv) + 0.5·ALP</c>; PGD-5, L2, ε = 5.82, ALP weight 0.5.
    /// The paper does not give the clean/adversarial weights. It says adversarial images "combined with the true label are
    /// then included in the training dataset" (added to the clean ones, not replacing them, §1.2) and takes ALP from
    /// Kannan et al., whose ALP is defined on mixed mini-batches (half clean, half adversarial): w_clean = w_adv = 0.5.
    /// </summary>
    public static AdversarialTrainingOptions Paper { get; } = new(PgdOptions.PaperTraining, 0.5, 0.5, PaperLogitPairingWeight);

    /// <summary>
    /// Paper, adversarial-only reading: <c>CE(adv) + 0.5·ALP</c>, Madry et al.'s adversarial training (the paper's [6], §3)
    /// with the ALP term added; same attack as <see cref="Paper"/>.
    /// </summary>
    public static AdversarialTrainingOptions PaperAdversarialOnly { get; } = new(PgdOptions.PaperTraining, 1.0, 0.0, PaperLogitPairingWeight);

    /// <summary>Madry et al. 2018: adversarial examples only (w_adv = 1), same attack as <see cref="Paper"/>.</summary>
    public static AdversarialTrainingOptions Madry { get; } = new(PgdOptions.PaperTraining, 1.0, 0.0, 0.0);

    /// <summary>Standard training on clean images.</summary>
    public static AdversarialTrainingOptions None { get; } = new(null, 0.0, 1.0, 0.0);

    /// <summary>
    /// The named objectives (what <c>perceptual train-classifier --adversarial</c> accepts): <c>paper</c>,
    /// <c>paper-adv-only</c>, <c>madry</c> and <c>none</c>, as the properties of the same names.
    /// </summary>
    public static System.Collections.Generic.IReadOnlyDictionary<string, AdversarialTrainingOptions> Presets { get; } =
        new System.Collections.Generic.Dictionary<string, AdversarialTrainingOptions>(System.StringComparer.Ordinal)
        {
            ["paper"] = Paper,
            ["paper-adv-only"] = PaperAdversarialOnly,
            ["madry"] = Madry,
            ["none"] = None,
        };

    /// <summary>The same objective with the attack's ε replaced and α from the step rule 2.5ε/K (for images of another size).</summary>
    public AdversarialTrainingOptions WithEpsilon(double epsilon) =>
        Attack is null ? this : this with { Attack = PgdOptions.StepRule(epsilon, Attack.Steps, Attack.Norm) with { RandomStart = Attack.RandomStart, UseBest = Attack.UseBest } };

    /// <summary>Throws when a weight is negative, all are zero, or an adversarial term has no attack.</summary>
    public void Validate()
    {
        if (AdversarialWeight < 0 || CleanWeight < 0 || LogitPairingWeight < 0 || double.IsNaN(AdversarialWeight + CleanWeight + LogitPairingWeight))
        {
            throw new System.ArgumentOutOfRangeException(nameof(AdversarialWeight), "Loss weights must be finite and ≥ 0.");
        }

        if (AdversarialWeight + CleanWeight + LogitPairingWeight <= 0)
        {
            throw new System.ArgumentException("At least one loss weight must be > 0.", nameof(CleanWeight));
        }

        if (Attack is null && (AdversarialWeight > 0 || LogitPairingWeight > 0))
        {
            throw new System.ArgumentException("Adversarial and logit-pairing terms need an Attack.", nameof(Attack));
        }

        Attack?.Validate();
    }
}
