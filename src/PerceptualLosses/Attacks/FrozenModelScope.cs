using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// For the duration of an attack: eval mode and <c>requires_grad = false</c> on every parameter, so that no gradient
/// reaches the model (its <c>.grad</c> stays as it was); on dispose the previous modes (of every submodule) and flags are
/// restored.
/// </summary>
internal sealed class FrozenModelScope : IDisposable
{
    private readonly PerceptualLosses.Common.ModuleModes _modes;
    private readonly List<(TorchSharp.Modules.Parameter Parameter, bool RequiresGrad)> _flags;

    public FrozenModelScope(nn.Module model)
    {
        _flags = model.parameters().Select(p => (p, p.requires_grad)).ToList();
        _modes = PerceptualLosses.Common.ModuleModes.Eval(model);
        foreach (var (p, _) in _flags)
        {
            p.requires_grad = false;
        }
    }

    public void Dispose()
    {
        foreach (var (p, flag) in _flags)
        {
            p.requires_grad = flag;
        }

        _modes.Dispose();
    }
}
