using PerceptualLosses.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>Per-example cross-entropy of the logits against the classes: the default attack objective (robustness <c>CrossEntropyLoss(reduction='none')</c>).</summary>
public sealed class CrossEntropyObjective : IAttackObjective
{
    /// <summary>The shared instance.</summary>
    public static CrossEntropyObjective Instance { get; } = new();

    /// <inheritdoc />
    public Tensor Loss(torch.nn.Module<Tensor, Tensor> model, Tensor input, Tensor classes)
    {
        Guard.NotNull(model);
        using var scope = NewDisposeScope();
        var logits = ClassifierOutput.Logits(model, input);
        return nn.functional.cross_entropy(logits, classes, reduction: nn.Reduction.None).MoveToOuterDisposeScope();
    }
}
