using System;
using System.Linq;
using PerceptualLosses.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

[Collection(GlobalRandomTests.Name)]
public sealed class AttackBehaviourTests
{
    private static (TinyCnn Model, Tensor Images, Tensor Labels) Setup(int batch = 16, int seed = 3)
    {
        manual_seed(seed);
        var model = new TinyCnn(dtype: ScalarType.Float64);
        var images = rand(batch, 3, 8, 8, dtype: ScalarType.Float64);
        var labels = randint(0, 10, batch, dtype: ScalarType.Int64);
        return (model, images, labels);
    }

    private static double[] PerExampleLoss(nn.Module<Tensor, Tensor> model, Tensor x, Tensor classes)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return nn.functional.cross_entropy(model.call(x), classes, reduction: nn.Reduction.None).data<double>().ToArray();
    }

    [Fact]
    public void Perturb_RestoresTrainingMode_RequiresGrad_AndLeavesParameterGradsUntouched()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup();
        model.train();
        var first = model.parameters().First();
        first.requires_grad = false;
        foreach (var p in model.parameters().Skip(1))
        {
            p.grad = full_like(p, 0.25);
        }

        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        bool sawEval = false;
        var attack = new ProjectedGradientDescent(PgdOptions.StepRule(0.5, 3)) { IterateObserver = (_, _) => sawEval |= !model.training };
        using var result = attack.Perturb(model, images, AttackTarget.Untargeted(labels));

        Assert.True(sawEval);
        Assert.True(model.training);
        Assert.False(first.requires_grad);
        Assert.Null(first.grad);
        foreach (var (p, old) in model.parameters().Skip(1).Zip(before.Skip(1)))
        {
            Assert.True(p.requires_grad);
            Assert.Equal(0.25, p.grad!.max().item<double>());
            Assert.Equal(0.25, p.grad!.min().item<double>());
            Assert.Equal(0.0, (p - old).abs().max().item<double>());
        }

        model.eval();
        using var again = new AutoProjectedGradientDescent(new ApgdOptions(5, 0.5, AttackNorm.L2)).Perturb(model, images, AttackTarget.Untargeted(labels));
        Assert.False(model.training);

        // Mixed modes (a part kept in eval while the rest trains, as with frozen batch norm) come back as they were.
        model.train();
        var frozenPart = model.named_modules().First().module;
        frozenPart.eval();
        using var mixed = attack.Perturb(model, images, AttackTarget.Untargeted(labels));
        Assert.True(model.training);
        Assert.False(frozenPart.training);
        Assert.All(model.named_modules().Skip(1), m => Assert.True(m.module.training));
    }

    [Theory]
    [InlineData(AttackNorm.L2, 0.7)]
    [InlineData(AttackNorm.Linf, 0.05)]
    public void Pgd_WithRandomStart_StaysInBall_AndInUnitRange(AttackNorm norm, double eps)
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup();
        var options = PgdOptions.StepRule(eps, 7, norm) with { RandomStart = true, Restarts = 2 };
        var attack = new ProjectedGradientDescent(options)
        {
            IterateObserver = (_, x) => AssertInBall(x, images, norm, eps),
        };
        using var result = attack.Perturb(model, images, AttackTarget.Untargeted(labels));
        AssertInBall(result.Adversarial, images, norm, eps);
        Assert.True((result.Adversarial - images).abs().max().item<double>() > 0);
    }

    [Theory]
    [InlineData(AttackNorm.L2, 0.7)]
    [InlineData(AttackNorm.Linf, 0.05)]
    public void RandomPerturb_StaysInBall(AttackNorm norm, double eps)
    {
        using var scope = NewDisposeScope();
        var images = rand(8, 3, 8, 8, dtype: ScalarType.Float64);
        var step = ProjectedGradientDescent.CreateStep(norm, images, eps, eps / 4);
        var start = step.RandomPerturb(images);
        AssertInBall(start, images, norm, eps);
        Assert.True((start - images).abs().max().item<double>() > 0);
    }

    [Theory]
    [InlineData(AttackNorm.L2, 0.7)]
    [InlineData(AttackNorm.Linf, 0.05)]
    public void Apgd_StaysInBall_AndInUnitRange(AttackNorm norm, double eps)
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup();
        using var result = new AutoProjectedGradientDescent(new ApgdOptions(20, eps, norm, Restarts: 2)).Perturb(model, images, AttackTarget.Untargeted(labels));
        AssertInBall(result.Adversarial, images, norm, eps);
    }

    internal static void AssertInBall(Tensor x, Tensor origin, AttackNorm norm, double eps)
    {
        using var scope = NewDisposeScope();
        Assert.True(x.min().item<double>() >= 0.0 && x.max().item<double>() <= 1.0);
        var delta = (x - origin).reshape(x.shape[0], -1);
        double size = norm == AttackNorm.L2 ? delta.norm(1).max().item<double>() : delta.abs().max().item<double>();
        // 1e-9 relative: renorm scales by ε/(‖δ‖ + 1e-7), which lands at most at ε.
        Assert.True(size <= eps * (1 + 1e-9), $"perturbation {size} exceeds ε = {eps}");
    }

    [Fact]
    public void Fgsm_Equals_OneSignStepOfSizeEpsilon()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup();
        model.eval();
        const double eps = 0.03;
        var input = images.clone().requires_grad_(true);
        var loss = nn.functional.cross_entropy(model.call(input), labels);
        var grad = torch.autograd.grad(new[] { loss }, new[] { input })[0];
        var expected = (images + grad.sign() * eps).clamp(0, 1);
        foreach (var p in model.parameters())
        {
            p.grad = null;
        }

        using var result = new FastGradientSignMethod(eps).Perturb(model, images, AttackTarget.Untargeted(labels));
        Assert.True((result.Adversarial - expected).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void UseBest_MoreSteps_NeverLowerTheLoss_Untargeted_NorRaiseIt_Targeted()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup();
        var targets = (labels + 1) % 10;
        foreach (var target in new[] { AttackTarget.Untargeted(labels), AttackTarget.Targeted(targets, labels) })
        {
            // Same α, no random start: the first 10 iterates of PGD-50 are PGD-10's, so its best is at least as good.
            using var short10 = new ProjectedGradientDescent(new PgdOptions(10, 0.5, 0.05, AttackNorm.L2)).Perturb(model, images, target);
            using var long50 = new ProjectedGradientDescent(new PgdOptions(50, 0.5, 0.05, AttackNorm.L2)).Perturb(model, images, target);
            var a = PerExampleLoss(model, short10.Adversarial, target.Classes);
            var b = PerExampleLoss(model, long50.Adversarial, target.Classes);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.True(target.Sign * (b[i] - a[i]) >= -1e-12, $"{target.Kind} example {i}: PGD-50 {b[i]} vs PGD-10 {a[i]}");
            }

            Assert.Equal(50, long50.StepLosses.Count);
        }
    }

    [Fact]
    public void Targeted_Pgd_LowersTheLossToTheTarget()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup();
        var targets = (labels + 3) % 10;
        using var result = new ProjectedGradientDescent(PgdOptions.StepRule(1.0, 10)).Perturb(model, images, AttackTarget.Targeted(targets, labels));
        Assert.True(PerExampleLoss(model, result.Adversarial, targets).Sum() < PerExampleLoss(model, images, targets).Sum());
    }

    [Fact]
    public void Apgd_IsAtLeastAsStrongAsPgd_OnTheTestCnn()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup(batch: 64, seed: 11);
        model.eval();
        using var noGrad0 = no_grad();
        // Attack the model's own predictions so that every example starts correctly classified.
        var predicted = model.call(images).argmax(1);
        const double eps = 0.15;
        using var pgd = new ProjectedGradientDescent(PgdOptions.StepRule(eps, 20)).Perturb(model, images, AttackTarget.Untargeted(predicted));
        using var apgd = new AutoProjectedGradientDescent(new ApgdOptions(20, eps, AttackNorm.L2)).Perturb(model, images, AttackTarget.Untargeted(predicted));
        long pgdFooled = model.call(pgd.Adversarial).argmax(1).ne(predicted).sum().item<long>();
        long apgdFooled = model.call(apgd.Adversarial).argmax(1).ne(predicted).sum().item<long>();
        Assert.InRange(pgdFooled, 1, 63); // the comparison is informative only if PGD neither fails nor wins everywhere
        Assert.True(apgdFooled >= pgdFooled, $"APGD fooled {apgdFooled}, PGD {pgdFooled}");
    }

    [Fact]
    public void ApgdTargeted_ReachesTargets_AtLargeEpsilon()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = Setup(batch: 16, seed: 5);
        var targets = (labels + 1 + randint(0, 9, 16, dtype: ScalarType.Int64)) % 10;
        using var result = new AutoProjectedGradientDescent(new ApgdOptions(30, 4.0, AttackNorm.L2)).Perturb(model, images, AttackTarget.Targeted(targets, labels));
        using var noGrad = no_grad();
        model.eval();
        long hits = model.call(result.Adversarial).argmax(1).eq(targets).sum().item<long>();
        Assert.True(hits >= 12, $"only {hits}/16 reached their target");
    }
}

public class AttackBatchNormTests
{
    [Fact]
    public void Pgd_OnATrainingModeResNet_LeavesBatchNormStatisticsUntouched()
    {
        // Regression: the shape probe ran one image through the model in train mode, so batch norm at 1×1 maps
        // (ResNet-50's layer4 at 32×32) set running_var to NaN and the attack failed at step 1.
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        using var model = new PerceptualLosses.Models.ResNet(new PerceptualLosses.Models.ResNetOptions(50, 10, 4));
        model.train();
        var before = model.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());
        var images = rand(new long[] { 4, 3, 32, 32 }, generator: generator);

        using var result = new ProjectedGradientDescent(PgdOptions.StepRule(0.5, 2)).Perturb(model, images, AttackTarget.Untargeted(tensor(new long[] { 0, 1, 2, 3 })));

        Assert.True(model.training);
        foreach (var (name, buffer) in model.named_buffers())
        {
            Assert.True(buffer.equal(before[name]).all().item<bool>(), $"{name} changed");
        }
    }
}
