using Xunit;
using System.Collections.Generic;
using PerceptualLosses.Attacks;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

/// <summary>
/// PGD iterates and use_best results against our PyTorch 1.13 implementation of the robustness rules
/// (tools/fixtures/attacks_reference.py, float64 on both sides). Tolerance 1e-10 absolute: both sides run the same
/// float64 operations, differences are summation order only (the test also passes at 1e-12); the issue asks for 1e-5.
/// </summary>
public sealed class PgdParityTests
{
    private const double Tolerance = 1e-10;

    [Theory]
    [InlineData("l2_untargeted")]
    [InlineData("l2_targeted")]
    [InlineData("linf_untargeted")]
    [InlineData("linf_targeted")]
    public void Iterates_And_UseBestResult_Match_PyTorchReference(string name)
    {
        using var scope = NewDisposeScope();
        using var doc = AttackFixtures.Cases();
        var root = doc.RootElement;
        long b = root.GetProperty("batch").GetInt64(), c = root.GetProperty("channels").GetInt64();
        long h = root.GetProperty("height").GetInt64(), w = root.GetProperty("width").GetInt64();
        System.Text.Json.JsonElement spec = default;
        foreach (var item in root.GetProperty("cases").EnumerateArray())
        {
            if (item.GetProperty("name").GetString() == name)
            {
                spec = item;
            }
        }

        int steps = spec.GetProperty("steps").GetInt32();
        var norm = spec.GetProperty("norm").GetString() == "L2" ? AttackNorm.L2 : AttackNorm.Linf;
        bool targeted = spec.GetProperty("targeted").GetBoolean();
        var options = new PgdOptions(steps, spec.GetProperty("epsilon").GetDouble(), spec.GetProperty("step_size").GetDouble(), norm, RandomStart: false, UseBest: true);

        using var model = AttackFixtures.Model();
        var images = AttackFixtures.Float64("images.bin", b, c, h, w);
        var labels = AttackFixtures.Int64("labels.bin");
        var targets = AttackFixtures.Int64("targets.bin");
        var expectedIterates = AttackFixtures.Float64($"{name}_iterates.bin", steps + 1, b, c, h, w);
        var expectedBest = AttackFixtures.Float64($"{name}_best.bin", b, c, h, w);

        var iterates = new List<Tensor>();
        var attack = new ProjectedGradientDescent(options) { IterateObserver = (_, x) => iterates.Add(x.clone()) };
        var target = targeted ? AttackTarget.Targeted(targets, labels) : AttackTarget.Untargeted(labels);
        using var result = attack.Perturb(model, images, target);

        Assert.Equal(steps + 1, iterates.Count);
        double maxError = 0;
        for (int k = 0; k <= steps; k++)
        {
            double error = (iterates[k] - expectedIterates[k]).abs().max().item<double>();
            maxError = System.Math.Max(maxError, error);
            Assert.True(error < Tolerance, $"{name}: iterate {k} differs by {error}.");
        }

        double bestError = (result.Adversarial - expectedBest).abs().max().item<double>();
        Assert.True(bestError < Tolerance, $"{name}: use_best result differs by {bestError}.");
        // The case must exercise the attack: the result moved away from the clean batch.
        Assert.True((result.Adversarial - images).abs().max().item<double>() > 1e-3);
    }
}
