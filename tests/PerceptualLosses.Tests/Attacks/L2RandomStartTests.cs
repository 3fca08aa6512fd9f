using System.Linq;
using PerceptualLosses.Attacks;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

/// <summary>
/// The two L2 random starts of robustness' <c>L2Step.random_perturb</c> (robustness/attack_steps.py): up to release 1.1
/// <c>(rand_like(x) − 0.5).renorm(p=2, dim=0, maxnorm=ε)</c>, from 1.2 on ε·randn/‖randn‖.
/// </summary>
public sealed class L2RandomStartTests
{
    private static double[] Norms(Tensor delta) => delta.reshape(delta.shape[0], -1).norm(1).to_type(ScalarType.Float64).data<double>().ToArray();

    /// <summary>U(−½,½) on 192 values has norm ≈ √(192/12) = 4: inside a ball of ε = 10 it is kept as drawn, not pushed to the sphere.</summary>
    [Fact]
    public void RenormedUniform_StaysInsideALargeBall_AsUniformNoise()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = full(16, 3, 8, 8, 0.5);
        var delta = new L2Step(x, 10.0, 1.0).RandomPerturb(x) - x;

        Assert.All(Norms(delta), n => Assert.InRange(n, 2.0, 6.0));
        Assert.True(delta.abs().max().item<float>() <= 0.5f);
        // Uniform, not Gaussian: the mean |δ_i| of U(−½,½) is ¼ (a Gaussian scaled to the same norm gives ≈ 0.23).
        Assert.InRange(delta.abs().mean().item<float>(), 0.24, 0.26);
    }

    [Fact]
    public void RenormedUniform_IsScaledOntoTheSphere_WhenLongerThanEpsilon()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var x = full(16, 3, 8, 8, 0.5);
        var delta = new L2Step(x, 0.5, 0.1).RandomPerturb(x) - x;

        Assert.All(Norms(delta), n => Assert.InRange(n, 0.5 - 1e-5, 0.5 + 1e-6));
    }

    [Fact]
    public void Sphere_PutsEveryStartOnTheSphere()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = full(16, 3, 8, 8, 0.5);
        var delta = new L2Step(x, 0.5, 0.1, L2RandomStart.Sphere).RandomPerturb(x) - x;

        Assert.All(Norms(delta), n => Assert.InRange(n, 0.5 - 1e-5, 0.5 + 1e-5));
    }

    [Fact]
    public void PgdOptions_DefaultToRobustness11sStart_AndPassItToTheStep()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(L2RandomStart.RenormedUniform, PgdOptions.PaperTraining.L2Start);
        var step = (L2Step)ProjectedGradientDescent.CreateStep(AttackNorm.L2, zeros(1, 3, 4, 4), 1, 0.1, L2RandomStart.Sphere);
        Assert.Equal(L2RandomStart.Sphere, step.RandomStart);
    }
}
