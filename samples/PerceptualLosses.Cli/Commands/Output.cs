using System;
using System.Collections.Generic;
using System.Text.Json;
using Spectre.Console;

namespace PerceptualLosses.Cli.Commands;

/// <summary>Writes a verb's result either as JSON or as a human-readable table.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IReadOnlyDictionary<string, object?> result, bool json, string title)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
            return;
        }

        var table = new Table().Title(title).AddColumn("key").AddColumn("value");
        foreach (var (key, value) in result)
        {
            table.AddRow(Markup.Escape(key), Markup.Escape(Format(value)));
        }

        AnsiConsole.Write(table);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable e => string.Join(", ", ToStrings(e)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static IEnumerable<string> ToStrings(System.Collections.IEnumerable items)
    {
        foreach (var item in items)
        {
            yield return Format(item);
        }
    }
}
