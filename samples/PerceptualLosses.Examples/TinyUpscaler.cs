using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerceptualLosses.Examples;

/// <summary>Your own image-to-image network: bicubic ×2 plus a learned residual (any Module&lt;Tensor,Tensor&gt; works with the losses).</summary>
internal sealed class TinyUpscaler : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;

    public TinyUpscaler(int channels = 16)
        : base(nameof(TinyUpscaler))
    {
        conv1 = nn.Conv2d(3, channels, 3, padding: 1);
        conv2 = nn.Conv2d(channels, 3, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var upsampled = nn.functional.interpolate(input, scale_factor: new[] { 2.0, 2.0 }, mode: InterpolationMode.Bicubic, align_corners: false);
        return (upsampled + conv2.call(nn.functional.relu(conv1.call(upsampled)))).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
        }

        base.Dispose(disposing);
    }
}
