using System;
using System.Collections.Generic;
using PerceptualLosses.Attacks;
using PerceptualLosses.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Examples;

/// <summary>
/// Trains your own small classifier on labelled IDX images (e.g. Fashion-MNIST), attacks it with untargeted PGD, then
/// checks its robustness with the evaluator: targeted PGD, APGD-T at the same ε, and the sanity checks (a huge ε must
/// break it, fewer steps must not be stronger).
/// </summary>
internal static class AttackClassifierExample
{
    public const string Usage = "--data IDX_DIR (t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) [--train 150] [--epochs 8] [--epsilon-x100 150] [--pgd-steps 50] [--apgd-steps 20]";

    public static int Run(ExampleArguments args)
    {
        string folder = args.ExistingFolder("data");
        int trainCount = args.Integer("train", 150);
        int epochs = args.Integer("epochs", 8);
        double epsilon = args.Integer("epsilon-x100", 150) / 100.0;   // L2 radius in [0,1] pixel space (1.5 for 28×28 grey)
        int pgdSteps = args.Integer("pgd-steps", 50);
        int apgdSteps = args.Integer("apgd-steps", 20);

        using var scope = NewDisposeScope();
        manual_seed(0);
        var (images, labels) = IdxReader.ReadPair(
            System.IO.Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), System.IO.Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        if (images.shape[0] <= trainCount)
        {
            throw new ArgumentException($"--train {trainCount} leaves no images to evaluate ({images.shape[0]} in the file).", nameof(args));
        }

        Tensor trainX = images.narrow(0, 0, trainCount), trainY = labels.narrow(0, 0, trainCount);
        Tensor testX = images.narrow(0, trainCount, images.shape[0] - trainCount), testY = labels.narrow(0, trainCount, images.shape[0] - trainCount);

        // 1. Your own network and training loop.
        using var model = new SmallClassifier(channels: 1, size: (int)images.shape[2], classes: 10);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.05, momentum: 0.9);
        model.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (long start = 0; start < trainCount; start += 25)
            {
                using var step = NewDisposeScope();
                long length = Math.Min(25, trainCount - start);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(trainX.narrow(0, start, length)), trainY.narrow(0, start, length));
                loss.backward();
                optimizer.step();
            }
        }

        model.eval();

        // 2. One attack by hand: untargeted PGD-20 on the L2 ball, α = 2.5ε/20.
        var pgd = new ProjectedGradientDescent(PgdOptions.StepRule(epsilon, 20));
        using var attack = pgd.Perturb(model, testX, AttackTarget.Untargeted(testY));
        double clean, attacked;
        using (no_grad())
        {
            clean = model.call(testX).argmax(1).eq(testY).to_type(ScalarType.Float64).mean().item<double>();
            attacked = model.call(attack.Adversarial).argmax(1).eq(testY).to_type(ScalarType.Float64).mean().item<double>();
        }

        Console.WriteLine($"clean accuracy {clean:P1}; under untargeted PGD-20 (L2, ε = {epsilon}) {attacked:P1}");

        // 3. The robustness check: targeted PGD-50 and APGD-T (the paper's protocol with its α/ε ratio, scaled ε) plus
        //    sanity checks (ε = 100 must break it; a fifth of the steps must not be stronger).
        var protocol = new RobustnessEvaluationOptions(
            new PgdOptions(pgdSteps, epsilon, epsilon * PgdOptions.PaperEvaluationStepSize / PgdOptions.PaperEvaluationEpsilon, AttackNorm.L2),
            new ApgdOptions(apgdSteps, epsilon, AttackNorm.L2),
            ShortSteps: Math.Max(1, pgdSteps / 5));
        RobustnessReport report = new RobustnessEvaluator(protocol).Evaluate(model, new List<(Tensor, Tensor)> { (testX, testY) });
        Console.WriteLine($"targeted PGD-{pgdSteps} accuracy {report.PgdAccuracy:P1} (target success {report.PgdTargetSuccessRate:P1}), " +
                          $"APGD-T {report.StrongAccuracy:P1}, worst case {report.WorstCaseAccuracy:P1}, ε = 100: {report.LargeEpsilonAccuracy:P1}");
        foreach (string warning in report.Warnings)
        {
            Console.WriteLine($"sanity check failed: {warning}");
        }

        return 0;
    }
}
