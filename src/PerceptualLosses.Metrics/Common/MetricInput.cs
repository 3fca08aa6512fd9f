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
    /// <see cref="MetricOptions.Precision"/> says (the metrics that compute in float32 under Fast prepare in float32
    /// themselves). Never clamps or resizes.
    /// </summary>
    /// <param name="reference">Reference images <c>[B,C,H,W]</c>, values in [0, DataRange].</param>
    /// <param name="distorted">Distorted images, same shape and device.</param>
    /// <param name="options">Preparation options.</param>
    /// <param name="metricName">Metric name for error messages.</param>
    /// <param name="minSize">Smallest height and width the metric accepts after shave.</param>
    /// <exception cref="ArgumentException">Shape, dtype, channel, range, NaN/Inf or size problems.</exception>
    public static PreparedImages Prepare(Tensor reference, Tensor distorted, MetricOptions options, string metricName, int minSize) =>
        PrepareIn(reference, distorted, options, metricName, minSize, ScalarType.Float64);

    /// <summary>
    /// <see cref="Prepare(Tensor, Tensor, MetricOptions, string, int)"/> in float32 under <see cref="MetricPrecision.Fast"/>,
    /// for a metric measured to stay within 1e-5 of its float64 reference there. Scores of 8-bit images are still
    /// prepared in float64 (MATLAB's rounding of ties) and then narrowed.
    /// </summary>
    internal static PreparedImages PrepareWithPrecision(Tensor reference, Tensor distorted, MetricOptions options, string metricName, int minSize)
    {
        Guard.NotNull(options, nameof(options));
        if (options.Precision == MetricPrecision.Exact)
        {
            return PrepareIn(reference, distorted, options, metricName, minSize, ScalarType.Float64);
        }

        if (options.Protocol == ScoringProtocol.AsGiven)
        {
            return PrepareIn(reference, distorted, options, metricName, minSize, ScalarType.Float32);
        }

        var p = PrepareIn(reference, distorted, options, metricName, minSize, ScalarType.Float64);
        using var scope = NewDisposeScope();
        var a = p.Reference.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
        var b = p.Distorted.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
        return new PreparedImages(a, b);
    }

    private static PreparedImages PrepareIn(Tensor reference, Tensor distorted, MetricOptions options, string metricName, int minSize, ScalarType dtype)
    {
        Guard.NotNull(options, nameof(options));
        options.Validate();
        Guard.IsImageBatch(reference, nameof(reference));
        Guard.IsImageBatch(distorted, nameof(distorted));
        Guard.SameShape(reference, nameof(reference), distorted, nameof(distorted));
        Guard.SameDevice(reference, nameof(reference), distorted, nameof(distorted));
        CheckChannels(reference, options.Color, metricName);
        CheckRange(reference, options.DataRange, nameof(reference));
        CheckRange(distorted, options.DataRange, nameof(distorted));

        long height = reference.shape[2] / options.CropToMultipleOf * options.CropToMultipleOf - (2L * options.Shave);
        long width = reference.shape[3] / options.CropToMultipleOf * options.CropToMultipleOf - (2L * options.Shave);
        if (height < minSize || width < minSize)
        {
            throw new ArgumentException(
                $"{metricName} needs images of at least {minSize}x{minSize} pixels after crop and shave; got {height}x{width} " +
                $"(input [{Guard.Shape(reference)}], shave {options.Shave}, crop to multiple of {options.CropToMultipleOf}).",
                nameof(reference));
        }

        using var scope = NewDisposeScope();
        var a = Convert(reference, options, height, width, dtype).MoveToOuterDisposeScope();
        var b = Convert(distorted, options, height, width, dtype).MoveToOuterDisposeScope();
        return new PreparedImages(a, b);
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

    private static Tensor Convert(Tensor images, MetricOptions options, long height, long width, ScalarType dtype)
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
