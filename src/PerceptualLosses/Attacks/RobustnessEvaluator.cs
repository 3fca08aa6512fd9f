using System;
using System.Collections.Generic;
using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// Table 1 protocol: clean top-1 and accuracy under a targeted attack with random targets, plus a stronger second attack
/// and sanity checks against gradient masking (Carlini et al. 2019 checklist; AutoAttack).
/// </summary>
/// <remarks>
/// Targets are drawn per example with a seeded generator as <c>t = (y + 1 + randint(K − 1)) % K</c>, which is uniform over
/// the K − 1 classes different from y. The generator advances batch by batch, so targets depend on the batch order.
/// </remarks>
public sealed class RobustnessEvaluator
{
    /// <summary>Creates the evaluator.</summary>
    public RobustnessEvaluator(RobustnessEvaluationOptions options)
    {
        Options = Guard.NotNull(options);
        options.Validate();
    }

    /// <summary>The options.</summary>
    public RobustnessEvaluationOptions Options { get; }

    /// <summary>Random targets ≠ labels: <c>(y + 1 + randint(K − 1)) % K</c>.</summary>
    public static Tensor RandomTargets(Tensor labels, long numClasses, Generator generator)
    {
        Guard.NotNull(labels);
        Guard.AtLeast(numClasses, 2);
        using var scope = NewDisposeScope();
        var offset = randint(0, numClasses - 1, labels.shape, dtype: ScalarType.Int64, generator: generator).to(labels.device);
        return ((labels + 1 + offset) % numClasses).MoveToOuterDisposeScope();
    }

    /// <summary>Evaluates <paramref name="model"/> on all batches (images [B,C,H,W] in [0,1], int64 labels [B]).</summary>
    public RobustnessReport Evaluate(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor Images, Tensor Labels)> batches)
    {
        Guard.NotNull(model);
        Guard.NotNull(batches);
        var pgd = new ProjectedGradientDescent(Options.Pgd);
        var shortPgd = new ProjectedGradientDescent(Options.Pgd with { Steps = Options.ShortSteps });
        var large = new ProjectedGradientDescent(PgdOptions.StepRule(Options.LargeEpsilon, Options.ShortSteps, Options.Pgd.Norm));
        var strong = Options.Strong is null ? null : new AutoProjectedGradientDescent(Options.Strong);
        using var generator = new Generator((ulong)Options.Seed);
        long n = 0, clean = 0, pgdCorrect = 0, pgdHit = 0, strongCorrect = 0, strongHit = 0, worst = 0, largeCorrect = 0, shortCorrect = 0;
        using (PerceptualLosses.Common.ModuleModes.Eval(model))
        {
            foreach (var (images, labels) in batches)
            {
                using var scope = NewDisposeScope();
                long numClasses = ClassifierOutput.NumClasses(model, images);
                var targets = RandomTargets(labels, numClasses, generator);
                var target = AttackTarget.Targeted(targets, labels);
                model.eval();
                Tensor Predict(Tensor x)
                {
                    using var noGrad = no_grad();
                    return ClassifierOutput.Logits(model, x).argmax(1);
                }

                var cleanPrediction = Predict(images);
                using var pgdResult = pgd.Perturb(model, images, target);
                var pgdPrediction = Predict(pgdResult.Adversarial);
                var robust = pgdPrediction.eq(labels);
                using var shortResult = shortPgd.Perturb(model, images, target);
                using var largeResult = large.Perturb(model, images, target);
                n += labels.shape[0];
                clean += Count(cleanPrediction.eq(labels));
                pgdCorrect += Count(robust);
                pgdHit += Count(pgdPrediction.eq(targets));
                shortCorrect += Count(Predict(shortResult.Adversarial).eq(labels));
                largeCorrect += Count(Predict(largeResult.Adversarial).eq(labels));
                if (strong is not null)
                {
                    using var strongResult = strong.Perturb(model, images, target);
                    var strongPrediction = Predict(strongResult.Adversarial);
                    strongCorrect += Count(strongPrediction.eq(labels));
                    strongHit += Count(strongPrediction.eq(targets));
                    robust = robust.logical_and(strongPrediction.eq(labels));
                }

                worst += Count(robust.logical_and(cleanPrediction.eq(labels)));
            }
        }

        if (n == 0)
        {
            throw new ArgumentException("batches must contain at least one example.", nameof(batches));
        }

        double Rate(long count) => (double)count / n;
        var warnings = new List<string>();
        if (Rate(largeCorrect) > 0.01)
        {
            warnings.Add($"Accuracy at ε = {Options.LargeEpsilon} is {Rate(largeCorrect):P1}, not ≈ 0: possible gradient masking.");
        }

        if (shortCorrect < pgdCorrect)
        {
            warnings.Add($"PGD-{Options.ShortSteps} left fewer examples correct ({shortCorrect}) than PGD-{Options.Pgd.Steps} ({pgdCorrect}).");
        }

        if (strong is not null && strongCorrect > pgdCorrect)
        {
            warnings.Add($"The stronger attack left more examples correct ({strongCorrect}) than PGD ({pgdCorrect}).");
        }

        return new RobustnessReport(
            n,
            Rate(clean),
            Rate(pgdCorrect),
            Rate(pgdHit),
            strong is null ? null : Rate(strongCorrect),
            strong is null ? null : Rate(strongHit),
            Rate(worst),
            Rate(largeCorrect),
            Rate(shortCorrect),
            warnings,
            Options.ToString());
    }

    private static long Count(Tensor mask) => mask.sum().item<long>();
}
