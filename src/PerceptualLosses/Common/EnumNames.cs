using System;
using System.Collections.Generic;
using System.Linq;

namespace PerceptualLosses.Common;

/// <summary>
/// The names an enum's values are written with in configuration files, run fingerprints and on the command line
/// (<c>enhancenet</c> for <see cref="Losses.LayerReading.EnhanceNet"/>): one table for writing and reading them.
/// </summary>
/// <remarks>
/// <see cref="Name"/> writes the one name of each value; <see cref="Parse"/> reads it, and the earlier spellings in
/// <see cref="Aliases"/> (read, never written), in any case when <see cref="IgnoreCase"/> is set.
/// </remarks>
/// <typeparam name="T">The enum.</typeparam>
public sealed class EnumNames<T>
    where T : struct, Enum
{
    private readonly (T Value, string Name)[] names;
    private (T Value, string Name)[] aliases = Array.Empty<(T Value, string Name)>();

    /// <summary>Creates the table; every value of <typeparamref name="T"/> must have exactly one name.</summary>
    /// <param name="setting">The setting these values are given for (named in errors).</param>
    /// <param name="names">Each value with its name.</param>
    /// <exception cref="ArgumentException">A value without a name, or a name or value given twice.</exception>
    public EnumNames(string setting, params (T Value, string Name)[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Setting = setting ?? throw new ArgumentNullException(nameof(setting));
        if (names.Select(n => n.Value).Distinct().Count() != names.Length || names.Select(n => n.Name).Distinct(StringComparer.Ordinal).Count() != names.Length
            || Enum.GetValues<T>().Any(v => !names.Any(n => n.Value.Equals(v))))
        {
            throw new ArgumentException($"every {typeof(T).Name} needs exactly one name.", nameof(names));
        }

        this.names = names;
    }

    /// <summary>The setting these values are given for (<c>Layers</c>).</summary>
    public string Setting { get; }

    /// <summary>The names, in the order given.</summary>
    public IReadOnlyList<string> Names => names.Select(n => n.Name).ToArray();

    /// <summary>Earlier spellings that are read as the value given (<c>grey</c> for gray), never written.</summary>
    /// <exception cref="ArgumentException">An alias that is already a name or an alias.</exception>
    public IReadOnlyList<(T Value, string Name)> Aliases
    {
        get => aliases;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var all = names.Select(n => n.Name).Concat(value.Select(a => a.Name)).ToArray();
            if (all.Distinct(StringComparer.OrdinalIgnoreCase).Count() != all.Length)
            {
                throw new ArgumentException($"{Setting}: an alias repeats a name or another alias.", nameof(Aliases));
            }

            aliases = value.ToArray();
        }
    }

    /// <summary>Whether <see cref="Parse"/> ignores case (<c>RGB</c> for <c>rgb</c>); false: names are read exactly.</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>The name of <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a value of <typeparamref name="T"/>.</exception>
    public string Name(T value)
    {
        foreach (var (v, name) in names)
        {
            if (v.Equals(value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"{Setting} must be one of {string.Join(", ", Names)}; got {value}.");
    }

    /// <summary>The value named <paramref name="name"/> (a name or an alias; case counts unless <see cref="IgnoreCase"/>); false for any other text.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value, when found.</param>
    public bool TryParse(string? name, out T value)
    {
        var comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var (v, n) in names.Concat(aliases))
        {
            if (string.Equals(n, name, comparison))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value named <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="ArgumentException">Another text; names <see cref="Setting"/> (its parameter) and the allowed names.</exception>
    public T Parse(string? name) =>
        TryParse(name, out T value) ? value : throw new ArgumentException(Expected(name), Setting);

    /// <summary>The sentence saying that <paramref name="name"/> is not one of the names.</summary>
    /// <param name="name">The text given.</param>
    public string Expected(string? name) => $"{Setting} must be one of {string.Join(", ", Names)}; got '{name}'.";
}
