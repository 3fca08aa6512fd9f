using PerceptualLosses.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

/// <summary>The attacks run the model no more often than the algorithm needs: the label check rides on the first step's forward.</summary>
public sealed class AttackForwardCountTests
{
    private sealed class Counting : nn.Module<Tensor, Tensor>
    {
        private readonly TinyCnn inner = new(dtype: ScalarType.Float64);

        public Counting() : base(nameof(Counting)) => RegisterComponents();

        public int Calls { get; private set; }

        public override Tensor forward(Tensor input)
        {
            Calls++;
            return inner.call(input);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Pgd_RunsOneForwardPerStep(int steps)
    {
        using var scope = NewDisposeScope();
        using var model = new Counting();
        var pgd = new ProjectedGradientDescent(new PgdOptions(steps, 0.5, 0.1, AttackNorm.L2, RandomStart: false, UseBest: false));
        using var result = pgd.Perturb(model, rand(2, 3, 8, 8, dtype: ScalarType.Float64), AttackTarget.Untargeted(tensor(new long[] { 1, 2 })));
        Assert.Equal(steps, model.Calls);
    }

    [Fact]
    public void Pgd_WithUseBest_AddsOnlyTheFinalEvaluation()
    {
        using var scope = NewDisposeScope();
        using var model = new Counting();
        var pgd = new ProjectedGradientDescent(new PgdOptions(2, 0.5, 0.1, AttackNorm.L2, RandomStart: false, UseBest: true));
        using var result = pgd.Perturb(model, rand(2, 3, 8, 8, dtype: ScalarType.Float64), AttackTarget.Untargeted(tensor(new long[] { 1, 2 })));
        Assert.Equal(3, model.Calls);
    }
}
