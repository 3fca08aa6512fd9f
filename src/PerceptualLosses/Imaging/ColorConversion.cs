using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Imaging;

/// <summary>Colour conversions with the conventions of super-resolution papers.</summary>
/// <remarks>
/// <see cref="RgbToY"/> matches MATLAB <c>rgb2ycbcr</c> (ITU-R BT.601, "studio swing"): for RGB in [0,1],
/// Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255, so Y lies in [16/255, 235/255].
/// The same formula is BasicSR <c>rgb2ycbcr(y_only=True)</c> and the SelfExSR <c>compute_difference.m</c> evaluation.
/// </remarks>
public static class ColorConversion
{
    /// <summary>BT.601 luma coefficients of MATLAB rgb2ycbcr, for RGB and Y on [0,255].</summary>
    public static readonly double[] Bt601LumaWeights = { 65.481, 128.553, 24.966 };

    /// <summary>Offset of MATLAB rgb2ycbcr's Y on [0,255].</summary>
    public const double Bt601LumaOffset = 16.0;

    /// <summary>
    /// MATLAB <c>rgb2ycbcr</c> luminance. Input <c>[B,3,H,W]</c> or <c>[3,H,W]</c> in [0,1]; output has one channel, in [0,1]
    /// (that is, MATLAB's uint8-scale Y divided by 255).
    /// </summary>
    /// <param name="rgb">RGB image(s) in [0,1].</param>
    /// <param name="round">Round Y to whole uint8 levels, as MATLAB does when the input is uint8.</param>
    public static Tensor RgbToY(Tensor rgb, bool round = false)
    {
        Guard.IsImage(rgb);
        int channelDim = (int)rgb.dim() - 3;
        if (rgb.shape[channelDim] != 3)
        {
            throw new System.ArgumentException($"{nameof(rgb)} must have 3 channels; got [{Guard.Shape(rgb)}].", nameof(rgb));
        }

        using var scope = NewDisposeScope();
        var channels = rgb.unbind(channelDim);
        var y255 = channels[0] * Bt601LumaWeights[0] + channels[1] * Bt601LumaWeights[1] + channels[2] * Bt601LumaWeights[2] + Bt601LumaOffset;
        if (round)
        {
            y255 = y255.round();
        }

        return (y255 / 255.0).unsqueeze(channelDim).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// MATLAB <c>rgb2ycbcr</c> on a uint8 image: Y = 16 + (65.481·R + 128.553·G + 24.966·B)/255 with R, G, B the 8-bit
    /// levels, rounded (halves up, as MATLAB's uint8 result) when <paramref name="round"/> is set. Evaluated in this order,
    /// exact ties such as (146, 124, 97) → 125.5 stay ties and round up as in MATLAB/Octave; the [0,1] formula of
    /// <see cref="RgbToY"/> can land a hair below them.
    /// </summary>
    /// <param name="levels">RGB <c>[B,3,H,W]</c> or <c>[3,H,W]</c> holding whole levels in [0,255] (float).</param>
    /// <param name="round">Round Y to whole levels (MATLAB's uint8 output); false gives BasicSR's unrounded Y of the 8-bit image.</param>
    /// <returns>Y on [0,255], one channel.</returns>
    public static Tensor RgbLevelsToY(Tensor levels, bool round)
    {
        Guard.IsImage(levels);
        int channelDim = (int)levels.dim() - 3;
        if (levels.shape[channelDim] != 3)
        {
            throw new System.ArgumentException($"{nameof(levels)} must have 3 channels; got [{Guard.Shape(levels)}].", nameof(levels));
        }

        using var scope = NewDisposeScope();
        var c = levels.unbind(channelDim);
        var y = ((c[0] * Bt601LumaWeights[0]) + (c[1] * Bt601LumaWeights[1]) + (c[2] * Bt601LumaWeights[2])) / 255.0 + Bt601LumaOffset;
        if (round)
        {
            y = (y + 0.5).floor();
        }

        return y.unsqueeze(channelDim).MoveToOuterDisposeScope();
    }
}
