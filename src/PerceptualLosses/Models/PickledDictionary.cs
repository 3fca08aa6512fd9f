using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace PerceptualLosses.Models;

/// <summary>
/// <c>collections.OrderedDict</c> from a pickle (every state dict is one): a <see cref="Hashtable"/>, as the unpickler
/// requires, that also remembers the order in which keys were set.
/// </summary>
internal sealed class PickledDictionary : Hashtable
{
    private readonly List<object> order = new();

    // Python's pickler writes dict items in SETITEMS batches of 1000 (pickle.py, _batch_setitems); Razorvine pops each
    // batch off its stack and so sets its keys last to first. Reversing each run of 1000 gives the file's order back.
    private const int PickleBatch = 1000;

    /// <summary>Keys in the order the pickled dict held them.</summary>
    public IReadOnlyList<object> OrderedKeys =>
        order.Chunk(PickleBatch).SelectMany(batch => Enumerable.Reverse(batch)).ToArray();

    public override object? this[object key]
    {
        get => base[key];
        set
        {
            if (!ContainsKey(key))
            {
                order.Add(key);
            }

            base[key] = value;
        }
    }

    /// <summary>
    /// <c>OrderedDict(...)</c> as a pickle calls it: with no arguments (items follow by SETITEMS), or, as Python 2 era
    /// PyTorch wrote it (e.g. the official LPIPS v0.1 weights), with one list of <c>[key, value]</c> pairs.
    /// </summary>
    public static PickledDictionary FromArguments(object[] args)
    {
        var dictionary = new PickledDictionary();
        if (args is { Length: 1 } && args[0] is IList items)
        {
            foreach (var item in items)
            {
                if (item is not IList { Count: 2 } pair)
                {
                    throw new System.IO.InvalidDataException($"collections.OrderedDict called with a list whose items are not [key, value] pairs (found {item?.GetType().Name ?? "None"}).");
                }

                dictionary[pair[0]!] = pair[1];
            }
        }
        else if (args is { Length: > 0 })
        {
            throw new System.IO.InvalidDataException($"collections.OrderedDict called with {args.Length} argument(s) of types {string.Join(", ", args.Select(a => a?.GetType().Name ?? "None"))}; expected none or one list of [key, value] pairs.");
        }

        return dictionary;
    }

    /// <summary>Receives the pickled instance state (a state dict's <c>_metadata</c> version record), which is not needed.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The unpickler calls it on the instance by reflection.")]
    public void __setstate__(Hashtable state)
    {
    }

    /// <summary>Keys in insertion order for an ordered dictionary, in the table's order otherwise.</summary>
    public static IEnumerable<object> KeysOf(Hashtable table) => table is PickledDictionary ordered ? ordered.OrderedKeys : table.Keys.Cast<object>();
}
