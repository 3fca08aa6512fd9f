using System;
using PerceptualLosses.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Models;

/// <summary>Checks shared by the <c>UseCompute</c> tests of the models: input gradients and steady-state memory.</summary>
internal static class ComputeChecks
{
    /// <summary>The gradient of the cross-entropy at <paramref name="labels"/> with respect to the input <paramref name="x"/>.</summary>
    public static Tensor InputGradient(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels)
    {
        var input = x.detach().requires_grad_(true);
        nn.functional.cross_entropy(model.forward(input), labels).backward();
        return input.grad!;
    }

    /// <summary>The cosine between two gradients, as flat vectors.</summary>
    public static double Cosine(Tensor a, Tensor b)
    {
        var u = a.flatten();
        var v = b.flatten();
        return (u.dot(v) / (u.norm() * v.norm())).item<float>();
    }

    /// <summary>Live tensors are the same before and after 1000 calls of <paramref name="forward"/> and a 1000-step PGD-L2 run.</summary>
    public static void AssertFlatMemory(nn.Module<Tensor, Tensor> model, Action<Tensor> forward)
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
