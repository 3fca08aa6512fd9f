using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace PerceptualLosses.Examples;

/// <summary><c>--name value</c> pairs; deliberately tiny so each example file shows only library code.</summary>
internal sealed class ExampleArguments
{
    private readonly Dictionary<string, string> values;

    private ExampleArguments(Dictionary<string, string> values) => this.values = values;

    public static ExampleArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--name value' pairs; got '{args[i]}'.", nameof(args));
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new ExampleArguments(values);
    }

    public string Text(string name, string? fallback = null) =>
        values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.", name);

    public string ExistingFile(string name)
    {
        string path = Text(name);
        return File.Exists(path) ? path : throw new ArgumentException($"--{name}: file '{path}' does not exist.", name);
    }

    public string ExistingFolder(string name)
    {
        string path = Text(name);
        return Directory.Exists(path) ? path : throw new ArgumentException($"--{name}: folder '{path}' does not exist.", name);
    }

    public int Integer(string name, int fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a positive integer; got '{text}'.", name);
    }
}
