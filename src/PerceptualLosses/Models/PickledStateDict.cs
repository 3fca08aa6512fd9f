using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace PerceptualLosses.Models;

/// <summary>
/// Finds the state dict in an unpickled <c>torch.save</c> object: the top-level tensors, or the dict under
/// <c>state_dict</c>/<c>model</c>/<c>model_state_dict</c>/<c>net</c> (training checkpoints such as robustness'
/// <c>{'model', 'optimizer', 'schedule', 'epoch', 'amp'}</c>); every other entry is described, not read.
/// </summary>
internal static class PickledStateDict
{
    /// <summary>Keys under which checkpoints nest their state dict, in the order they are tried.</summary>
    public static readonly string[] NestedKeys = { "state_dict", "model", "model_state_dict", "net" };

    /// <summary>The chosen tensors (file order) and one line per entry left out.</summary>
    public static (List<KeyValuePair<string, PickledTensor>> Tensors, List<string> Ignored) Select(object? root, string path)
    {
        if (root is PickledTensor)
        {
            throw new InvalidDataException($"'{path}' holds a single tensor, not a state dict (a dict of named tensors).");
        }

        if (root is not Hashtable table)
        {
            throw new InvalidDataException($"'{path}' holds {Describe(root)}, not a state dict (a dict of named tensors).");
        }

        var tensors = new List<KeyValuePair<string, PickledTensor>>();
        var ignored = new List<string>();
        foreach (var key in PickledDictionary.KeysOf(table))
        {
            if (table[key] is PickledTensor tensor)
            {
                tensors.Add(new(Convert.ToString(key, CultureInfo.InvariantCulture) ?? "", tensor));
            }
        }

        if (tensors.Count > 0)
        {
            ignored.AddRange(PickledDictionary.KeysOf(table).Where(k => table[k] is not PickledTensor).Select(k => Entry(k, table[k])));
            return (tensors, ignored);
        }

        foreach (var nested in NestedKeys)
        {
            if (table[nested] is Hashtable inner && CountTensors(inner) > 0)
            {
                var (chosen, innerIgnored) = Select(inner, path);
                ignored.AddRange(innerIgnored.Select(e => nested + "." + e));
                ignored.AddRange(PickledDictionary.KeysOf(table).Where(k => !Equals(k, nested)).Select(k => Entry(k, table[k])));
                return (chosen, ignored);
            }
        }

        string keys = string.Join(", ", PickledDictionary.KeysOf(table).Take(8).Select(k => Entry(k, table[k])));
        throw CountTensors(table) == 0
            ? new InvalidDataException($"'{path}' holds no tensors; it is not a weights file (top-level entries: {keys}).")
            : new InvalidDataException($"'{path}' holds no tensors at the top level nor under {string.Join("/", NestedKeys)}; top-level entries: {keys}.");
    }

    /// <summary>Tensors anywhere inside <paramref name="value"/>.</summary>
    public static int CountTensors(object? value) => value switch
    {
        PickledTensor => 1,
        Hashtable table => table.Values.Cast<object?>().Sum(CountTensors),
        IList list => list.Cast<object?>().Sum(CountTensors),
        _ => 0,
    };

    /// <summary>One entry as <c>name = value</c> or <c>name (dict, N entries, M tensors)</c>.</summary>
    public static string Entry(object key, object? value) => $"{key}{(value is Hashtable or IList or PickledTensor ? " " : " = ")}{Describe(value)}";

    private static string Describe(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => $"'{(s.Length > 40 ? s[..40] + "…" : s)}'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        PickledTensor t => $"(tensor [{string.Join(", ", t.Shape)}] {t.Storage.TypeName})",
        Hashtable table => $"(dict, {table.Count} entries, {CountTensors(table)} tensors)",
        object[] tuple => $"(tuple of {tuple.Length}, {CountTensors(tuple)} tensors)",
        IList list => $"(list of {list.Count}, {CountTensors(list)} tensors)",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => $"({value.GetType().Name})",
    };
}
