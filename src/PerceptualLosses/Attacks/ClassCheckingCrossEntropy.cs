using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// The default cross-entropy objective that checks the target's classes against the model's number of logits at its
/// first evaluation: the attack's first forward doubles as the classifier probe, instead of a separate no-grad forward
/// before the attack (which cost a one-image forward per call, 8 % of a one-step PGD at batch 4; benchmarks/README.md).
/// </summary>
internal sealed class ClassCheckingCrossEntropy : IAttackObjective
{
    private readonly AttackTarget _target;
    private bool _checked;

    public ClassCheckingCrossEntropy(AttackTarget target) => _target = target;

    /// <inheritdoc />
    public Tensor Loss(torch.nn.Module<Tensor, Tensor> model, Tensor input, Tensor classes)
    {
        if (_checked)
        {
            return CrossEntropyObjective.Instance.Loss(model, input, classes);
        }

        using var scope = NewDisposeScope();
        var logits = ClassifierOutput.Logits(model, input);
        _target.Validate(input.shape[0], logits.shape[1]);
        _checked = true;
        return nn.functional.cross_entropy(logits, classes, reduction: nn.Reduction.None).MoveToOuterDisposeScope();
    }
}
