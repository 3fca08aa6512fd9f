using System;
using PerceptualLosses.Common;
using PerceptualLosses.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Validation and preparation shared by every metric (piq's <c>_validate_input</c>).</summary>
public static class MetricInput
{
    /// <summary>
    /// Checks the inputs and returns them cropped, colour-converted, shaved and scaled to [0,255], in float64 whatever
    /// <see cref="MetricOptions.Precision"/> says (the metrics that compute in float32 under Fast narrow it themselves).
    /// Never clamps or resizes.
    /// </summary>
    /// <param name="prediction">Predicted (reconstructed or distorted) images <c>[B,C,H,W]</c>, values in [0, DataRange].</param>
    /// <param name="target">Target (reference) images, same shape and device.</param>
    /// <param name="options">Preparation options.</param>
    /// <param name="metricName">Metric name for error messages.</param>
    /// <param name="minSize">Smallest height and width the metric accepts after shave.</param>
    /// <exception cref="ArgumentException">Shape, dtype, channel, range, NaN/Inf or size problems.</exception>
    public static PreparedImages Prepare(Tensor prediction, Tensor target, MetricOptions options, string metricName, int minSize) =>
        PrepareIn(prediction, target, options, metricName, minSize, float32Capable: false);

    /// <summary>
    /// <see cref="Prepare(Tensor, Tensor, MetricOptions, string, int)"/> in float32 under <see cref="MetricPrecision.Fast"/>,
    /// for a metric measured to stay within 1e-5 of its float64 reference there (see <see cref="ConvertWithPrecision"/>).
    /// </summary>
    internal static PreparedImages PrepareWithPrecision(Tensor prediction, Tensor target, MetricOptions options, string metricName, int minSize) =>
        PrepareIn(prediction, target, options, metricName, minSize, float32Capable: true);

    private static PreparedImages PrepareIn(Tensor prediction, Tensor target, MetricOptions options, string metricName, int minSize, bool float32Capable)
    {
        var (height, width) = Check(prediction, target, options, metricName);
        CheckSize(target, options, height, width, metricName, minSize);
        using var scope = NewDisposeScope();
        var a = (float32Capable ? ConvertWithPrecision(prediction, options, height, width) : Convert(prediction, options, height, width, ScalarType.Float64)).MoveToOuterDisposeScope();
        var b = (float32Capable ? ConvertWithPrecision(target, options, height, width) : Convert(target, options, height, width, ScalarType.Float64)).MoveToOuterDisposeScope();
        return new PreparedImages(a, b);
    }

    /// <summary>Every check of <see cref="Prepare"/> but the size minimum; returns the height and width after crop and shave.</summary>
    internal static (long Height, long Width) Check(Tensor prediction, Tensor target, MetricOptions options, string metricName)
    {
        Guard.NotNull(options);
        options.Validate();
        Guard.IsImageBatch(prediction);
        Guard.IsImageBatch(target);
        Guard.SameShape(prediction, target);
        Guard.SameDevice(prediction, target);
        CheckChannels(target, options.Color, metricName);
        CheckRange(prediction, options.DataRange, nameof(prediction));
        CheckRange(target, options.DataRange, nameof(target));
        long height = target.shape[2] / options.CropToMultipleOf * options.CropToMultipleOf - (2L * options.Shave);
        long width = target.shape[3] / options.CropToMultipleOf * options.CropToMultipleOf - (2L * options.Shave);
        return (height, width);
    }

    /// <summary>Refuses images smaller than <paramref name="minSize"/> after crop and shave, naming the metric that needs it.</summary>
    internal static void CheckSize(Tensor target, MetricOptions options, long height, long width, string metricName, int minSize)
    {
        if (height < minSize || width < minSize)
        {
            throw new ArgumentException(
                $"{metricName} needs images of at least {minSize}x{minSize} pixels after crop and shave; got {height}x{width} " +
                $"(input [{Guard.Shape(target)}], shave {options.Shave}, crop to multiple of {options.CropToMultipleOf}).",
                nameof(target));
        }
    }

    /// <summary>
    /// The RGB pair a learned metric (LPIPS, R-LPIPS) scores: the same crop, 8-bit rounding and shave as
    /// <see cref="Prepare"/>, but no colour conversion, in [0,1] and the input dtype; a grey image is repeated to three channels.
    /// </summary>
    internal static Tensor ConvertRgb(Tensor images, MetricOptions options, long height, long width)
    {
        var x = images.narrow(2, 0, height + (2L * options.Shave)).narrow(3, 0, width + (2L * options.Shave));
        if (options.DataRange != 1.0)
        {
            x = x / options.DataRange;
        }

        if (options.Protocol == ScoringProtocol.EightBit)
        {
            x = RoundHalfUp(x * PreparedImages.Peak) / PreparedImages.Peak;
        }

        if (options.Color == ColorMode.Gray)
        {
            x = x.expand(-1, 3, -1, -1);
        }

        return options.Shave > 0 ? x.narrow(2, options.Shave, height).narrow(3, options.Shave, width) : x;
    }

    private static void CheckChannels(Tensor images, ColorMode color, string metricName)
    {
        long channels = images.shape[1];
        long expected = color == ColorMode.Gray ? 1 : 3;
        if (channels != expected)
        {
            string hint = color == ColorMode.Gray
                ? "use Color = Rgb or Y for RGB images"
                : "use Color = Gray for single-channel images";
            throw new ArgumentException(
                $"{metricName} with Color = {color} needs {expected}-channel input; got [{Guard.Shape(images)}] ({hint}).", nameof(images));
        }
    }

    private static void CheckRange(Tensor images, double dataRange, string name)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var detached = images.detach();
        var (finite, min, max) = Guard.FiniteMinMax(detached); // one device-to-host read instead of three
        if (!finite)
        {
            throw new ArgumentException($"{name} contains NaN or Inf values.", name);
        }

        if (min < 0 || max > dataRange)
        {
            string hint = dataRange == 1.0 && max <= 255.0 ? " The values look like [0,255]: set DataRange = 255." : "";
            throw new ArgumentException(
                $"{name} must have values in [0, {dataRange}] (DataRange); got [{min}, {max}]. Values are never clamped.{hint}", name);
        }

        // [0,1] images declared as [0,255]: a [0,255] image with max <= 1 and fractional values is not plausible.
        if (dataRange == 255.0 && max <= 1.0 && max > 0 && !detached.eq(detached.round()).all().item<bool>())
        {
            throw new ArgumentException(
                $"{name} has DataRange = 255 but all values are in [0, 1] with fractional parts: the values look like [0,1]; set DataRange = 1.", name);
        }
    }

    // MATLAB's uint8 conversion rounds halves away from zero (torch.round rounds them to even); values here are >= 0.
    // Its gradient is zero almost everywhere: differentiate metrics under Float.
    private static Tensor RoundHalfUp(Tensor x) => (x + 0.5).floor();

    /// <summary>
    /// <see cref="Convert"/> for a float32-capable metric: always prepared in float64 (MATLAB's rounding of levels and of
    /// rgb2ycbcr ties needs it, and a suite prepares once for all metrics), then narrowed to float32 under
    /// <see cref="MetricPrecision.Fast"/>.
    /// </summary>
    internal static Tensor ConvertWithPrecision(Tensor images, MetricOptions options, long height, long width) =>
        Narrow(Convert(images, options, height, width, ScalarType.Float64), options);

    /// <summary>Float64 prepared images as a float32-capable metric computes on them: narrowed to float32 under Fast.</summary>
    internal static Tensor Narrow(Tensor prepared, MetricOptions options) =>
        options.Precision == MetricPrecision.Fast ? prepared.to_type(ScalarType.Float32) : prepared;

    /// <summary>Crop, 8-bit rounding, colour conversion (the only RGB→Y of the metrics) and shave, on the [0,255] scale, in <paramref name="dtype"/>.</summary>
    internal static Tensor Convert(Tensor images, MetricOptions options, long height, long width, ScalarType dtype)
    {
        // float64 for Exact and for 8-bit scoring: MATLAB's rounding of levels and of rgb2ycbcr ties needs it.
        var x = images.to_type(dtype);
        x = x.narrow(2, 0, height + (2L * options.Shave)).narrow(3, 0, width + (2L * options.Shave));
        x = x * (PreparedImages.Peak / options.DataRange);
        bool eightBit = options.Protocol == ScoringProtocol.EightBit;
        if (eightBit)
        {
            x = RoundHalfUp(x);
        }

        if (options.Color == ColorMode.Y)
        {
            x = eightBit
                ? ColorConversion.RgbLevelsToY(x, round: options.Luma == LumaConvention.Matlab)
                : ColorConversion.RgbToY(x / PreparedImages.Peak) * PreparedImages.Peak;
        }

        return options.Shave > 0 ? x.narrow(2, options.Shave, height).narrow(3, options.Shave, width) : x;
    }
}
