using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>
/// EnhanceNet super-resolution generator: <c>output = net(x − mean) + bicubic(x)</c>, input and output RGB in the [0,1] scale.
/// </summary>
/// <remarks>
/// <para>Paper: M. S. M. Sajjadi, B. Schölkopf and M. Hirsch, "EnhanceNet: Single Image Super-Resolution Through Automated
/// Texture Synthesis", ICCV 2017, arXiv 1612.07919 (Table 1 of the supplement / Fig. 2). Reference implementation: the authors'
/// inference code msmsajjadi/EnhanceNet-Code, enhancenet.py L21-37 and nnlib.py L31-50 (read, not copied).</para>
/// <para>Layers (all convs 3×3, stride 1, zero "SAME" padding, with bias — tf.contrib.layers.convolution2d defaults):
/// <c>conv_first</c> (3→C) + ReLU; <c>residual_blocks.i</c> = conv1, ReLU, conv2, + identity (no BN, no ReLU after the add);
/// per ×2 step: nearest-neighbour ×2 (tf.image.resize_images NEAREST_NEIGHBOR), <c>upsample_convs.i</c> + ReLU;
/// <c>conv_hr</c> + ReLU; <c>conv_last</c> (C→3), linear. The paper model has 25 convs; they map from the TF checkpoint's
/// <c>generator/Conv</c>, <c>Conv_1</c> … <c>Conv_24</c> in that order (Conv → conv_first, Conv_{2i+1}/Conv_{2i+2} →
/// residual_blocks.i.conv1/conv2, Conv_21/22 → upsample_convs.0/1, Conv_23 → conv_hr, Conv_24 → conv_last; TF weights are
/// HWIO and must be permuted to OIHW). Loading that TF checkpoint directly is not supported.</para>
/// <para>Ranges: the original feeds <c>x' = x − m</c> (x = RGB/255, m = <see cref="EnhanceNetOptions.PaperMeans"/>) and outputs
/// <c>net(x') + bicubic(x') + m</c>. Bicubic interpolation is linear and its weights sum to 1 at every output pixel
/// (borders replicate), so <c>bicubic(x − m) + m = bicubic(x)</c> exactly in real arithmetic, and the original equals
/// <c>net(x − m) + bicubic(x)</c>, which is what this class computes from an input in [0,1] (float32 rounding aside; a test checks
/// the identity to 1e-6). The output is not clamped; the original clipped to [0,255] only when saving the PNG.</para>
/// <para>Bicubic skip: torch.nn.functional.interpolate(mode bicubic, align_corners=false), i.e. Keys' kernel with a = −0.75 and
/// half-pixel centres. TF 0.12's resize_bicubic (align_corners=False) uses a = −0.5 and maps output pixel i to input i/scale
/// without the half-pixel offset, so its skip image is shifted by 3/8 LR pixel and slightly softer. This matters only when
/// importing the authors' trained TF weights (the network learned to correct TF's skip); for training in this library the
/// skip is just a fixed, smooth base image, so PyTorch's convention is used for parity with PyTorch.</para>
/// </remarks>
public sealed class EnhanceNet : Module<Tensor, Tensor>
{
    private static readonly float[] UnitStd = { 1f, 1f, 1f };
    private static readonly double[] NearestFactor = { 2.0, 2.0 };

#pragma warning disable IDE1006 // Naming: PyTorch names
    private readonly Conv2d conv_first;
    private readonly Sequential residual_blocks;
    private readonly ModuleList<Conv2d> upsample_convs;
    private readonly Conv2d conv_hr;
    private readonly Conv2d conv_last;
    private readonly InputNormalization? subtract_mean;
#pragma warning restore IDE1006

    /// <summary>Builds a randomly initialized generator (PyTorch's default conv initialization).</summary>
    /// <param name="options">Architecture; see <see cref="EnhanceNetOptions"/>.</param>
    public EnhanceNet(EnhanceNetOptions options)
        : base(nameof(EnhanceNet))
    {
        Guard.NotNull(options).Validate();
        Options = options;
        long c = options.Channels;
        conv_first = Conv(3, c);
        residual_blocks = Sequential(Enumerable.Range(0, options.ResidualBlocks).Select(_ => (Module<Tensor, Tensor>)new EnhanceNetResidualBlock(c)));
        upsample_convs = ModuleList(Enumerable.Range(0, options.UpsamplingStages).Select(_ => Conv(c, c)).ToArray());
        conv_hr = Conv(c, c);
        conv_last = Conv(c, 3);
        if (options.InputMean is not null)
        {
            subtract_mean = new InputNormalization(options.InputMean, UnitStd);
        }

        RegisterComponents();
    }

    /// <summary>The options this generator was built with.</summary>
    public EnhanceNetOptions Options { get; }

    /// <summary>Super-resolves a batch.</summary>
    /// <param name="input">Low-resolution RGB <c>[B,3,h,w]</c> in the [0,1] scale.</param>
    /// <returns><c>[B,3,h·Scale,w·Scale]</c> in the [0,1] scale (not clamped).</returns>
    public override Tensor forward(Tensor input)
    {
        Guard.IsImageBatch(input, channels: 3);
        Guard.SameDevice(conv_first.weight!, input, "model", "input");
        using var scope = NewDisposeScope();
        var h = functional.relu(conv_first.call(subtract_mean is null ? input : subtract_mean.call(input)));
        h = residual_blocks.call(h);
        foreach (var conv in upsample_convs)
        {
            h = functional.relu(conv.call(functional.interpolate(h, scale_factor: NearestFactor, mode: InterpolationMode.Nearest)));
        }

        h = conv_last.call(functional.relu(conv_hr.call(h)));
        return h.add_(BicubicUpsample(input, Options.Scale)).MoveToOuterDisposeScope();
    }

    /// <summary>The skip path: PyTorch bicubic (a = −0.75, half-pixel centres, align_corners=false), no clamping.</summary>
    /// <param name="input">Image batch <c>[B,C,h,w]</c>.</param>
    /// <param name="scale">Integer upscaling factor.</param>
    public static Tensor BicubicUpsample(Tensor input, int scale)
    {
        Guard.IsImageBatch(input);
        Guard.AtLeast(scale, 1);
        return functional.interpolate(input, scale_factor: new double[] { scale, scale }, mode: InterpolationMode.Bicubic, align_corners: false);
    }

    /// <summary>3×3 conv, stride 1, padding 1 (TF "SAME"), with bias: every conv of the generator.</summary>
    internal static Conv2d Conv(long inChannels, long outChannels) =>
        Conv2d(inChannels, outChannels, kernel_size: 3, stride: 1, padding: 1, bias: true);
}
