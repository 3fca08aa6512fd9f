using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PerceptualLosses.Common;

/// <summary>Argument checks shared by every public API; each throws with the argument's name and what was expected.</summary>
/// <remarks>
/// The name defaults to the caller's argument expression (<see cref="CallerArgumentExpressionAttribute"/>): pass it only
/// when the message should name something else (an options property, a CLI-facing name).
/// </remarks>
internal static class Guard
{
    public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class =>
        value ?? throw new ArgumentNullException(name);

    public static void Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0.");
        }
    }

    public static void AtLeast(long value, long minimum, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= {minimum}.");
        }
    }

    /// <summary>A float tensor of rank 3 (<c>[C,H,W]</c>) or 4 (<c>[B,C,H,W]</c>).</summary>
    public static void IsImage(Tensor tensor, [CallerArgumentExpression(nameof(tensor))] string? name = null, bool allowUnbatched = true)
    {
        NotNull(tensor, name);
        long rank = tensor.dim();
        if (rank != 4 && !(allowUnbatched && rank == 3))
        {
            string expected = allowUnbatched ? "[C,H,W] or [B,C,H,W]" : "[B,C,H,W]";
            throw new ArgumentException($"{name} must have shape {expected}; got [{Shape(tensor)}].", name);
        }

        IsFloatingPoint(tensor, name);
    }

    /// <summary>A float tensor <c>[B,C,H,W]</c> with the given channel count.</summary>
    public static void IsImageBatch(Tensor tensor, [CallerArgumentExpression(nameof(tensor))] string? name = null, long? channels = null)
    {
        IsImage(tensor, name, allowUnbatched: false);
        if (channels is long c && tensor.shape[1] != c)
        {
            throw new ArgumentException($"{name} must have {c} channel(s) in dimension 1; got [{Shape(tensor)}].", name);
        }
    }

    public static void IsFloatingPoint(Tensor tensor, [CallerArgumentExpression(nameof(tensor))] string? name = null)
    {
        if (!tensor.is_floating_point())
        {
            throw new ArgumentException($"{name} must be a floating-point tensor; got {tensor.dtype}.", name);
        }
    }

    public static void SameShape(
        Tensor a, Tensor b, [CallerArgumentExpression(nameof(a))] string? nameA = null, [CallerArgumentExpression(nameof(b))] string? nameB = null)
    {
        if (!a.shape.SequenceEqual(b.shape))
        {
            throw new ArgumentException($"{nameA} [{Shape(a)}] and {nameB} [{Shape(b)}] must have the same shape.", nameB);
        }
    }

    public static void SameDevice(
        Tensor a, Tensor b, [CallerArgumentExpression(nameof(a))] string? nameA = null, [CallerArgumentExpression(nameof(b))] string? nameB = null)
    {
        if (a.device_type != b.device_type || a.device_index != b.device_index)
        {
            throw new ArgumentException($"{nameA} is on {a.device} but {nameB} is on {b.device}; move both to one device.", nameB);
        }
    }

    /// <summary>All values finite and within [<paramref name="low"/>, <paramref name="high"/>]; never clamps.</summary>
    public static void InRange(Tensor tensor, double low, double high, [CallerArgumentExpression(nameof(tensor))] string? name = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var detached = tensor.detach();
        if (detached.numel() == 0)
        {
            return;
        }

        var (finite, min, max) = FiniteMinMax(detached);
        if (!finite)
        {
            throw new ArgumentException($"{name} contains NaN or Inf values.", name);
        }

        if (min < low || max > high)
        {
            throw new ArgumentException($"{name} must have values in [{low}, {high}]; got [{min}, {max}]. Values are never clamped: rescale the input.", name);
        }
    }

    /// <summary>
    /// Whether every value is finite, and the minimum and maximum, read back in one device-to-host copy: on CUDA each
    /// read is a synchronisation, and these checks run once per training step or metric call.
    /// </summary>
    public static (bool Finite, double Min, double Max) FiniteMinMax(Tensor nonEmpty)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var stats = stack(new[]
        {
            nonEmpty.isfinite().all().to_type(ScalarType.Float64),
            nonEmpty.min().to_type(ScalarType.Float64),
            nonEmpty.max().to_type(ScalarType.Float64),
        }).cpu();
        var values = stats.data<double>().ToArray();
        return (values[0] != 0, values[1], values[2]);
    }

    public static void FileExists(string path, [CallerArgumentExpression(nameof(path))] string? name = null)
    {
        NotNull(path, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{name}: file '{path}' does not exist.", path);
        }
    }

    public static void DirectoryExists(string path, [CallerArgumentExpression(nameof(path))] string? name = null)
    {
        NotNull(path, name);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{name}: folder '{path}' does not exist.");
        }
    }

    public static void OneOf<T>(T value, IReadOnlyCollection<T> allowed, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!allowed.Contains(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be one of: {string.Join(", ", allowed)}.");
        }
    }

    /// <summary>A sample of at least <paramref name="minimumCount"/> values, all finite (statistics never skip NaN).</summary>
    public static void FiniteSample(IReadOnlyList<double> values, int minimumCount, [CallerArgumentExpression(nameof(values))] string? name = null)
    {
        NotNull(values, name);
        if (values.Count < minimumCount)
        {
            throw new ArgumentException($"{name} must hold at least {minimumCount} value(s); got {values.Count}.", name);
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; every value must be finite (NaN and Inf are never skipped).", name);
            }
        }
    }

    /// <summary>A probability strictly between 0 and 1 (e.g. a confidence level).</summary>
    public static void OpenUnitInterval(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1).");
        }
    }

    /// <summary>A named value of the enum (a cast such as <c>(AttackNorm)7</c> is not): "Norm must be L2 or Linf; got 7."</summary>
    public static void Defined<TEnum>(TEnum value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            string[] names = Enum.GetNames<TEnum>();
            string allowed = names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {allowed}; got {value}.");
        }
    }

    /// <summary>A collection with at least one element: "<paramref name="name"/> must contain at least one <paramref name="item"/>."</summary>
    public static void NotEmpty<T>(IReadOnlyCollection<T> values, string item, [CallerArgumentExpression(nameof(values))] string? name = null)
    {
        NotNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} must contain at least one {item}.", name);
        }
    }

    public static string Shape(Tensor t) => string.Join(",", t.shape);
}
