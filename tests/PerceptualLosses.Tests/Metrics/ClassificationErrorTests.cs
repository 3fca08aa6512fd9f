using System;
using System.Linq;
using PerceptualLosses.Attacks;
using PerceptualLosses.Metrics;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Tests.Metrics;

public class ClassificationErrorTests
{
    /// <summary>Logit k = sum of channel k (3 classes): the prediction is the brightest channel, known by construction.</summary>
    private sealed class BrightestChannel : Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear scale = Linear(1, 1);

        public BrightestChannel()
            : base(nameof(BrightestChannel))
        {
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input.sum(new long[] { 2, 3 }) * scale.weight!.abs().squeeze();
    }

    [Fact]
    public void Compute_CountsWrongTopOnePredictions()
    {
        using var scope = NewDisposeScope();
        var images = zeros(4, 3, 4, 4);
        images[0, 0] = ones(4, 4) * 0.9; // class 0
        images[1, 1] = ones(4, 4) * 0.9; // class 1
        images[2, 2] = ones(4, 4) * 0.9; // class 2
        images[3, 0] = ones(4, 4) * 0.9; // class 0
        var labels = tensor(new long[] { 0, 1, 0, 2 });
        using var model = new BrightestChannel();

        var result = ClassificationError.Compute(model, new[] { (images, labels) });

        Assert.Equal(4, result.Examples);
        Assert.Equal(2, result.Errors);
        Assert.Equal(0.5, result.ErrorRate);
    }

    [Fact]
    public void PgdJudge_NeverLowersTheError()
    {
        using var scope = NewDisposeScope();
        var images = rand(8, 3, 4, 4) * 0.5 + 0.25;
        using var model = new BrightestChannel();
        var labels = model.forward(images).argmax(1); // all correct before the attack
        var clean = ClassificationError.Compute(model, new[] { (images, labels) });
        var attacked = ClassificationError.Compute(model, new[] { (images, labels) }, new ProjectedGradientDescent(new PgdOptions(10, 2.0, 0.5, AttackNorm.L2)));
        Assert.Equal(0, clean.Errors);
        Assert.True(attacked.Errors > 0, "a strong L2 PGD must flip some brightest-channel decisions");
    }

    [Fact]
    public void Compute_RejectsImagesOutsideUnitRange()
    {
        using var scope = NewDisposeScope();
        using var model = new BrightestChannel();
        Assert.Throws<ArgumentException>(() => ClassificationError.Compute(model, new[] { (ones(1, 3, 2, 2) * 2, tensor(new long[] { 0 })) }));
    }
}
