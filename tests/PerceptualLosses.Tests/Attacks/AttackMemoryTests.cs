using PerceptualLosses.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

/// <summary>Memory stays flat: the number of live tensors left by an attack does not grow with its step count (1 000 steps).</summary>
public sealed class AttackMemoryTests
{
    private static long LiveAfter(IAttack attack, TinyCnn model, Tensor images, Tensor labels)
    {
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var result = attack.Perturb(model, images, AttackTarget.Untargeted(labels)))
        {
        }

        System.GC.Collect();
        System.GC.WaitForPendingFinalizers();
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
    }

    [Fact]
    public void Pgd_And_Apgd_Over1000Steps_LeaveNoTensorsBehind()
    {
        using var model = new TinyCnn();
        using var images = rand(2, 3, 8, 8);
        using var labels = tensor(new long[] { 1, 2 });
        var pgd = new ProjectedGradientDescent(PgdOptions.StepRule(0.5, 1000) with { RandomStart = true });
        var apgd = new AutoProjectedGradientDescent(new ApgdOptions(1000, 0.5, AttackNorm.L2));
        var shortApgd = new AutoProjectedGradientDescent(new ApgdOptions(10, 0.5, AttackNorm.L2));
        LiveAfter(pgd, model, images, labels); // warm-up allocations of the module
        LiveAfter(shortApgd, model, images, labels);
        Assert.Equal(0, LiveAfter(pgd, model, images, labels));
        Assert.Equal(0, LiveAfter(apgd, model, images, labels));
    }
}
