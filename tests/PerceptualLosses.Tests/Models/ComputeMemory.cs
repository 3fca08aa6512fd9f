using System;
using PerceptualLosses.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>The steady-state memory check of a model under <c>UseCompute</c>: 1000 forwards and a 1000-step PGD.</summary>
internal static class ComputeMemory
{
    /// <summary>Live tensors are the same before and after 1000 calls of <paramref name="forward"/> and a 1000-step PGD-L2 run.</summary>
    public static void AssertFlat(nn.Module<Tensor, Tensor> model, Action<Tensor> forward)
    {
        using var x = rand(1, 3, 32, 32);
        using var labels = tensor(new long[] { 1 });
        var pgd = new ProjectedGradientDescent(new PgdOptions(1000, 1.0, 0.01, AttackNorm.L2, RandomStart: false, UseBest: false));

        void Forwards(int n)
        {
            for (int i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                forward(x);
            }
        }

        Forwards(10);
        using (var warm = new ProjectedGradientDescent(new PgdOptions(2, 1.0, 0.01, AttackNorm.L2, RandomStart: false, UseBest: false)).Perturb(model, x, AttackTarget.Untargeted(labels)))
        {
        }

        long before = Live();
        Forwards(1000);
        using (var result = pgd.Perturb(model, x, AttackTarget.Untargeted(labels)))
        {
        }

        Assert.Equal(before, Live());
    }

    private static long Live()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount;
    }
}
