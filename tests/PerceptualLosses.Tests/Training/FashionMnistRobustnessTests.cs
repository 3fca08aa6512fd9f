using System;
using PerceptualLosses.Attacks;
using PerceptualLosses.Models;
using PerceptualLosses.Training;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Training;

/// <summary>
/// Real task: small CNN on a Fashion-MNIST subset, trained normally and with the paper preset, attacked with the paper's
/// targeted PGD-50 protocol. ε: scaling the paper's ε by the ratio of input norms sqrt(28·28 / (224·224·3)) ≈ 0.072
/// gives evaluation ε = 0.28, at which even the normally trained CNN loses almost nothing (measured: 1 % target success),
/// so the comparison would be vacuous. We keep the paper's ratios (training ε / evaluation ε = 5.82/3.88 = 1.5,
/// α/ε = 0.155/3.88 = 0.04) with evaluation ε = 1.5, α = 0.06, training ε = 2.25 (PGD-5, α = 2.5ε/5 = 1.125); at ε = 1.0
/// the briefly trained CNNs were hardly hurt by the targeted attack either (5 % target success).
/// </summary>
[Collection(GlobalRandomTests.Name)]
public sealed class FashionMnistRobustnessTests
{
    public const double EvaluationEpsilon = 1.5;
    public const double TrainingEpsilon = EvaluationEpsilon * PgdOptions.PaperTrainingEpsilon / PgdOptions.PaperEvaluationEpsilon;
    public const double EvaluationStepSize = EvaluationEpsilon * PgdOptions.PaperEvaluationStepSize / PgdOptions.PaperEvaluationEpsilon;

    private readonly ITestOutputHelper _output;

    public FashionMnistRobustnessTests(ITestOutputHelper output) => _output = output;

    public static RobustnessEvaluationOptions ScaledEvaluation(int apgdSteps) => new(
        new PgdOptions(50, EvaluationEpsilon, EvaluationStepSize, AttackNorm.L2),
        new ApgdOptions(apgdSteps, EvaluationEpsilon, AttackNorm.L2),
        Seed: 0,
        LargeEpsilon: 10.0);

    public static nn.Module<Tensor, Tensor> Train(AdversarialTrainingOptions objective, Tensor images, Tensor labels, int epochs)
    {
        manual_seed(1);
        var model = ArchitectureRegistry.Create(ArchitectureRegistry.SmallCnn, 1, 28, 10);
        var options = new ClassifierTrainingOptions(epochs, objective, LearningRate: 0.05, Momentum: 0.9, WeightDecay: 5e-4, Schedule: LearningRateSchedule.Cosine);
        new AdversarialTrainer(model, options).Train(epoch => FashionMnist.Batches(images, labels, 32, shuffleSeed: epoch));
        return model;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void PaperPresetTraining_IsFarMoreRobust_ThanNormalTraining()
    {
        using var scope = NewDisposeScope();
        set_num_threads(2);
        var (trainX, trainY) = FashionMnist.Load(train: true, count: 1500);
        var (testX, testY) = FashionMnist.Load(train: false, count: 64);
        var robustObjective = AdversarialTrainingOptions.Paper.WithEpsilon(TrainingEpsilon);
        using var normal = Train(AdversarialTrainingOptions.None, trainX, trainY, epochs: 2);
        using var robust = Train(robustObjective, trainX, trainY, epochs: 2);
        var evaluator = new RobustnessEvaluator(ScaledEvaluation(apgdSteps: 20));
        var normalReport = evaluator.Evaluate(normal, FashionMnist.Batches(testX, testY, 64, shuffleSeed: null));
        var robustReport = evaluator.Evaluate(robust, FashionMnist.Batches(testX, testY, 64, shuffleSeed: null));
        _output.WriteLine($"normal: {normalReport}");
        _output.WriteLine($"robust: {robustReport}");

        // Tolerant bounds (1 500 training images, 2 epochs of batch 32, 64 test images). Measured on 2026-11-26 (CPU):
        // normal clean 0.672 / PGD 0.453 / APGD-T 0.484 / worst 0.422; paper preset clean 0.641 / PGD 0.578 / APGD-T 0.578 / worst 0.563.
        Assert.True(normalReport.CleanAccuracy > 0.6, $"normal clean {normalReport.CleanAccuracy}");
        Assert.True(robustReport.CleanAccuracy > 0.5, $"robust clean {robustReport.CleanAccuracy}");
        Assert.True(robustReport.PgdAccuracy > normalReport.PgdAccuracy + 0.06, $"PGD: robust {robustReport.PgdAccuracy} vs normal {normalReport.PgdAccuracy}");
        Assert.True(robustReport.StrongAccuracy > normalReport.StrongAccuracy + 0.05, $"APGD-T: robust {robustReport.StrongAccuracy} vs normal {normalReport.StrongAccuracy}");
        Assert.True(robustReport.WorstCaseAccuracy > normalReport.WorstCaseAccuracy + 0.08, $"worst case: robust {robustReport.WorstCaseAccuracy} vs normal {normalReport.WorstCaseAccuracy}");
        Assert.True(robustReport.LargeEpsilonAccuracy < 0.1 && normalReport.LargeEpsilonAccuracy < 0.1);
    }
}
