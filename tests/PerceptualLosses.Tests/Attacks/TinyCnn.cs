using Xunit;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerceptualLosses.Tests.Attacks;

/// <summary>conv(c→4, 3×3, pad 1) – relu – maxpool 2 – flatten – linear: the network of tools/fixtures/attacks_reference.py.</summary>
internal sealed class TinyCnn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly Linear fc;

    public TinyCnn(int channels = 3, int size = 8, int numClasses = 10, int width = 4, ScalarType dtype = ScalarType.Float32)
        : base(nameof(TinyCnn))
    {
        conv = nn.Conv2d(channels, width, 3, padding: 1, dtype: dtype);
        fc = nn.Linear(width * (size / 2) * (size / 2), numClasses, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.max_pool2d(nn.functional.relu(conv.call(input)), 2);
        return fc.call(h.flatten(1)).MoveToOuterDisposeScope();
    }
}
