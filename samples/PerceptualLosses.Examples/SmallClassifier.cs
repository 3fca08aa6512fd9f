using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerceptualLosses.Examples;

/// <summary>Your own classifier: any <c>Module&lt;Tensor,Tensor&gt;</c> mapping [B,C,H,W] images in [0,1] to logits works with the attacks.</summary>
internal sealed class SmallClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc;

    public SmallClassifier(int channels, int size, int classes)
        : base(nameof(SmallClassifier))
    {
        conv1 = nn.Conv2d(channels, 16, 3, padding: 1);
        conv2 = nn.Conv2d(16, 32, 3, padding: 1);
        fc = nn.Linear(32 * (size / 4) * (size / 4), classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.call(input)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.call(x)), 2);
        return fc.call(x.flatten(1)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
