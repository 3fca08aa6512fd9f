using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Attacks;

/// <summary>
/// For the duration of an attack: eval mode and <c>requires_grad = false</c> on every parameter, so that no gradient
/// reaches the model (its <c>.grad</c> stays as it was); on dispose the previous mode and flags are restored.
/// </summary>
internal sealed class FrozenModelScope : IDisposable
{
    private readonly nn.Module _model;
    private readonly bool _wasTraining;
    private readonly List<(TorchSharp.Modules.Parameter Parameter, bool RequiresGrad)> _flags;

    public FrozenModelScope(nn.Module model)
    {
        _model = model;
        _wasTraining = model.training;
        _flags = model.parameters().Select(p => (p, p.requires_grad)).ToList();
        model.eval();
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

        _model.train(_wasTraining);
    }
}
