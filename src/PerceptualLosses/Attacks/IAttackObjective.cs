using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// A differentiable per-example loss that an attack drives: the attack maximises <c>m·loss</c> with
/// <c>m = +1</c> (untargeted) or <c>m = −1</c> (targeted), as robustness' <c>custom_loss(model, inp, target)</c>.
/// </summary>
/// <remarks>The objective runs the model itself, so it can see the perturbed input (e.g. an LPIPS distance to a reference).</remarks>
public interface IAttackObjective
{
    /// <summary>Per-example loss <c>[B]</c> (differentiable w.r.t. <paramref name="input"/>) and the model output used for it.</summary>
    /// <param name="model">The attacked model (in eval mode, parameters frozen).</param>
    /// <param name="input">Perturbed images <c>[B,C,H,W]</c> in [0,1]; requires grad.</param>
    /// <param name="classes">Int64 <c>[B]</c>: labels (untargeted) or targets (targeted).</param>
    /// <returns>The loss <c>[B]</c>; the caller owns it.</returns>
    Tensor Loss(torch.nn.Module<Tensor, Tensor> model, Tensor input, Tensor classes);
}
