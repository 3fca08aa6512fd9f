using System;
using PerceptualLosses.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

public sealed class AttackInputValidationTests
{
    private static readonly ProjectedGradientDescent Pgd = new(PgdOptions.StepRule(0.5, 2));

    private sealed class FlatOutput : nn.Module<Tensor, Tensor>
    {
        public FlatOutput() : base(nameof(FlatOutput)) { }

        public override Tensor forward(Tensor input) => input.sum(new long[] { 1, 2, 3 });
    }

    private sealed class NanGradient : nn.Module<Tensor, Tensor>
    {
        private readonly TinyCnn inner = new(dtype: ScalarType.Float64);

        public NanGradient() : base(nameof(NanGradient)) => RegisterComponents();

        // sqrt at 0 has an infinite derivative; multiplied by 0 it gives NaN.
        public override Tensor forward(Tensor input) => inner.call(input) + (input * 0).sqrt().sum(new long[] { 1, 2, 3 }).unsqueeze(1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Options_Throw_ForNonPositiveEpsilon(double eps)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectedGradientDescent(new PgdOptions(5, eps, 0.1, AttackNorm.L2)));
        Assert.Equal("Epsilon", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AutoProjectedGradientDescent(new ApgdOptions(5, eps, AttackNorm.L2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastGradientSignMethod(eps));
    }

    [Fact]
    public void Options_Throw_ForStepsBelowOne()
    {
        Assert.Equal("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectedGradientDescent(new PgdOptions(0, 1, 0.1, AttackNorm.L2))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => PgdOptions.StepRule(1.0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AutoProjectedGradientDescent(new ApgdOptions(0, 1, AttackNorm.L2)));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Perturb_Throws_ForImagesOutsideUnitRange(double value)
    {
        using var scope = NewDisposeScope();
        using var model = new TinyCnn(dtype: ScalarType.Float64);
        var images = rand(2, 3, 8, 8, dtype: ScalarType.Float64);
        images[0, 0, 0, 0] = value;
        var error = Assert.Throws<ArgumentException>(() => Pgd.Perturb(model, images, AttackTarget.Untargeted(zeros(2, dtype: ScalarType.Int64))));
        Assert.Equal("images", error.ParamName);
    }

    [Fact]
    public void Perturb_Throws_ForLabelsOutOfRange_OrWrongDtype()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyCnn(dtype: ScalarType.Float64);
        var images = rand(2, 3, 8, 8, dtype: ScalarType.Float64);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Pgd.Perturb(model, images, AttackTarget.Untargeted(tensor(new long[] { 0, 10 })))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Pgd.Perturb(model, images, AttackTarget.Untargeted(tensor(new long[] { -1, 0 })))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Pgd.Perturb(model, images, AttackTarget.Untargeted(tensor(new int[] { 0, 1 })))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Pgd.Perturb(model, images, AttackTarget.Untargeted(tensor(new long[] { 0, 1, 2 })))).ParamName);
    }

    [Fact]
    public void Perturb_Throws_WhenTargetEqualsLabel()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyCnn(dtype: ScalarType.Float64);
        var images = rand(2, 3, 8, 8, dtype: ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() =>
            Pgd.Perturb(model, images, AttackTarget.Targeted(tensor(new long[] { 1, 4 }), tensor(new long[] { 2, 4 }))));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("example 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Perturb_Throws_WhenModelDoesNotReturnLogits()
    {
        using var scope = NewDisposeScope();
        using var model = new FlatOutput();
        var images = rand(2, 3, 8, 8, dtype: ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() => Pgd.Perturb(model, images, AttackTarget.Untargeted(zeros(2, dtype: ScalarType.Int64))));
        Assert.Equal("model", error.ParamName);
    }

    [Fact]
    public void Perturb_ReportsNanGradient_WithStepNumber()
    {
        using var scope = NewDisposeScope();
        using var model = new NanGradient();
        var images = rand(2, 3, 8, 8, dtype: ScalarType.Float64);
        var error = Assert.Throws<InvalidOperationException>(() => Pgd.Perturb(model, images, AttackTarget.Untargeted(zeros(2, dtype: ScalarType.Int64))));
        Assert.Contains("step 1", error.Message, StringComparison.Ordinal);
        Assert.True(model.training); // restored even when the attack fails
    }

    [Fact]
    public void ApgdTargeted_Throws_WithoutTrueLabels()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyCnn(dtype: ScalarType.Float64);
        var images = rand(2, 3, 8, 8, dtype: ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() =>
            new AutoProjectedGradientDescent(new ApgdOptions(5, 0.5, AttackNorm.L2)).Perturb(model, images, AttackTarget.Targeted(tensor(new long[] { 1, 2 }))));
        Assert.Equal("target", error.ParamName);
    }
}
