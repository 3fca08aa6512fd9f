using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;

namespace PerceptualLosses.Common;

/// <summary>
/// Puts a module in eval mode and, on dispose, gives it and every submodule back its own train/eval mode: a model may
/// keep parts in eval (frozen batch norm) while the rest trains, which a plain <c>train(wasTraining)</c> would overwrite.
/// </summary>
internal sealed class ModuleModes : IDisposable
{
    private readonly torch.nn.Module module;
    private readonly bool training;
    private readonly List<(torch.nn.Module Module, bool Training)> submodules;

    private ModuleModes(torch.nn.Module module)
    {
        this.module = module;
        training = module.training;
        submodules = module.named_modules().Select(m => (m.module, m.module.training)).ToList();
    }

    /// <summary>Records every mode, then switches <paramref name="module"/> (recursively) to eval.</summary>
    public static ModuleModes Eval(torch.nn.Module module)
    {
        var modes = new ModuleModes(Guard.NotNull(module));
        module.eval();
        return modes;
    }

    /// <summary>Restores the recorded modes.</summary>
    public void Dispose()
    {
        // train(bool) recurses: the module first, then each submodule in pre-order (named_modules' order).
        module.train(training);
        foreach (var (submodule, mode) in submodules)
        {
            submodule.train(mode);
        }
    }
}
