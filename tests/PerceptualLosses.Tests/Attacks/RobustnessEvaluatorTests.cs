using System.Linq;
using System.Text.Json;
using PerceptualLosses.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

[Collection(GlobalRandomTests.Name)]
public sealed class RobustnessEvaluatorTests
{
    [Fact]
    public void RandomTargets_NeverEqualLabels_CoverAllOtherClasses_AndRepeatWithTheSeed()
    {
        using var scope = NewDisposeScope();
        var labels = randint(0, 10, 5000, dtype: ScalarType.Int64);
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        var a = RobustnessEvaluator.RandomTargets(labels, 10, g1);
        var b = RobustnessEvaluator.RandomTargets(labels, 10, g2);
        Assert.Equal(0L, a.eq(labels).sum().item<long>());
        Assert.Equal(a.data<long>().ToArray(), b.data<long>().ToArray());
        var offsets = ((a - labels + 10) % 10).data<long>().ToArray();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), offsets.Distinct().OrderBy(v => v));
    }

    [Fact]
    public void Evaluate_ReportsConsistentRates_SanityChecks_AndSerialisesToJson()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        using var model = new TinyCnn(dtype: ScalarType.Float64);
        var images = rand(24, 3, 8, 8, dtype: ScalarType.Float64);
        var labels = randint(0, 10, 24, dtype: ScalarType.Int64);
        var options = new RobustnessEvaluationOptions(new PgdOptions(20, 0.3, 0.03, AttackNorm.L2), new ApgdOptions(10, 0.3, AttackNorm.L2), Seed: 1, LargeEpsilon: 5, ShortSteps: 10);
        model.train();
        var report = new RobustnessEvaluator(options).Evaluate(model, new[] { (images.narrow(0, 0, 12), labels.narrow(0, 0, 12)), (images.narrow(0, 12, 12), labels.narrow(0, 12, 12)) });

        Assert.True(model.training); // mode restored
        Assert.Equal(24, report.Examples);
        model.eval();
        double clean = model.call(images).argmax(1).eq(labels).to_type(ScalarType.Float64).mean().item<double>();
        model.train();
        Assert.Equal(clean, report.CleanAccuracy, 12); // the model's own predictions on the clean batch
        Assert.True(report.WorstCaseAccuracy <= report.CleanAccuracy);
        Assert.True(report.WorstCaseAccuracy <= report.PgdAccuracy && report.WorstCaseAccuracy <= report.StrongAccuracy);
        Assert.True(report.LargeEpsilonAccuracy <= 0.1, $"large-ε accuracy {report.LargeEpsilonAccuracy}");
        Assert.Equal(report.Warnings.Count == 0, report.LargeEpsilonAccuracy <= 0.01 && report.ShortPgdAccuracy >= report.PgdAccuracy && report.StrongAccuracy <= report.PgdAccuracy);

        var json = JsonSerializer.Serialize(report);
        var back = JsonSerializer.Deserialize<RobustnessReport>(json)!;
        Assert.Equal(report.PgdAccuracy, back.PgdAccuracy);
        Assert.Equal(report.Examples, back.Examples);
    }
}
