using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>An adversarial attack on a model whose input is an image batch in [0,1].</summary>
/// <remarks>
/// Contract of every implementation: the model is put in eval mode during the attack and its previous training mode is
/// restored; its parameters' <c>requires_grad</c> flags are restored and their <c>.grad</c> is left untouched; ε is in
/// [0,1] pixel space (the model carries its own normalization); the input is not modified.
/// </remarks>
public interface IAttack
{
    /// <summary>Perturbs <paramref name="images"/> against <paramref name="model"/>.</summary>
    /// <param name="model">Classifier (or any model the objective understands).</param>
    /// <param name="images">Float <c>[B,C,H,W]</c> in [0,1].</param>
    /// <param name="target">True labels (untargeted) or target classes (targeted).</param>
    /// <param name="objective">Per-example loss; cross-entropy on the logits when null.</param>
    AttackResult Perturb(torch.nn.Module<Tensor, Tensor> model, Tensor images, AttackTarget target, IAttackObjective? objective = null);
}
