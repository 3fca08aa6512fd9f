using System;
using System.Globalization;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>Part <see cref="Index"/> (1-based) of <see cref="Count"/> of a divisible job (<c>--shard i/n</c>).</summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole job.</summary>
    public static Shard All { get; } = new(1, 1);

    /// <summary>Parses <c>i/n</c> with 1 ≤ i ≤ n.</summary>
    /// <exception cref="ArgumentException">Malformed, or indices out of range.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new ArgumentException($"shard '{text}' is not of the form i/n (e.g. 2/4).", nameof(text));
        }

        if (count < 1 || index < 1 || index > count)
        {
            throw new ArgumentException($"shard '{text}' is out of range: need 1 <= i <= n.", nameof(text));
        }

        return new Shard(index, count);
    }

    /// <summary>Whether work item <paramref name="item"/> (0-based, in a fixed global order) belongs to this shard.</summary>
    public bool Owns(int item) => item % Count == Index - 1;

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
