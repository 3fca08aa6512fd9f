using System;
using System.Collections.Generic;

namespace PerceptualLosses.Study.Pipeline;

/// <summary>Progress for work that consumes a sequence: a callback after each item has been handled.</summary>
public static class Ticking
{
    /// <summary>Yields <paramref name="items"/> and calls <paramref name="handled"/> with the running count once the consumer asks for the next one (or stops).</summary>
    public static IEnumerable<T> Count<T>(IEnumerable<T> items, Action<int> handled)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(handled);
        int n = 0;
        foreach (var item in items)
        {
            yield return item;
            handled(++n);
        }
    }
}
