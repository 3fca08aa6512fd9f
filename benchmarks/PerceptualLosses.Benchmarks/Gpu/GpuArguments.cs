using System;
using System.Collections.Generic;
using System.Globalization;

namespace PerceptualLosses.Benchmarks.Gpu;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parsing for the GPU-run modes (BenchmarkDotNet owns the rest of <c>args</c>).</summary>
internal sealed class GpuArguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private GpuArguments()
    {
    }

    /// <summary>Parses <paramref name="args"/> after the mode name; prints one paragraph and returns null on a bad argument.</summary>
    public static GpuArguments? Parse(string[] args, string mode, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flagged)
    {
        var parsed = new GpuArguments();
        for (int i = 1; i < args.Length; i++)
        {
            string a = args[i];
            if (((ICollection<string>)flagged).Contains(a))
            {
                parsed.flags.Add(a);
            }
            else if (((ICollection<string>)valued).Contains(a) && i + 1 < args.Length)
            {
                parsed.values[a] = args[++i];
            }
            else
            {
                Console.Error.WriteLine($"{mode}: unexpected argument '{a}'. Options: {string.Join(' ', valued)} (each with a value), {string.Join(' ', flagged)}.");
                return null;
            }
        }

        return parsed;
    }

    public bool Flag(string name) => flags.Contains(name);

    public string Value(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;

    public string? ValueOrNull(string name) => values.TryGetValue(name, out var v) ? v : null;

    public int Int(string name, int fallback, int minimum = 1)
    {
        if (!values.TryGetValue(name, out var v))
        {
            return fallback;
        }

        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < minimum)
        {
            throw new ArgumentException($"{name} must be an integer of at least {minimum}; got '{v}'.");
        }

        return n;
    }
}
