using System;
using System.Collections.Generic;

namespace PerceptualLosses.Models;

/// <summary>
/// Spatial size arithmetic of a plain conv/pool stack, so trunks can refuse too-small inputs with a clear message instead of
/// a native error. Formulas as in PyTorch's <c>Conv2d</c> and <c>MaxPool2d</c> documentation (ceil mode: the last window
/// must start inside the padded input).
/// </summary>
internal sealed class TrunkGeometry
{
    private readonly (long Kernel, long Stride, long Padding, bool Ceil)?[] layers;

    /// <param name="layers">Per layer of <c>features</c>: its window (kernel, stride, padding, ceil mode), or null when it keeps the size.</param>
    public TrunkGeometry(IReadOnlyList<(long Kernel, long Stride, long Padding, bool Ceil)?> layers)
    {
        this.layers = new (long, long, long, bool)?[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            this.layers[i] = layers[i];
        }
    }

    /// <summary>Smallest height/width for which every layer up to <paramref name="lastIndex"/> keeps at least one pixel.</summary>
    public int MinimumInputSize(int lastIndex)
    {
        for (int size = 1; size < 4096; size++)
        {
            if (OutputSize(size, lastIndex) >= 1)
            {
                return size;
            }
        }

        throw new InvalidOperationException("No input size up to 4096 fits this trunk.");
    }

    /// <summary>Height (or width) after layer <paramref name="lastIndex"/>, or a value below 1 when the input is too small.</summary>
    public long OutputSize(long size, int lastIndex)
    {
        for (int i = 0; i <= lastIndex; i++)
        {
            if (layers[i] is not { } w)
            {
                continue;
            }

            long span = size + (2 * w.Padding) - w.Kernel;
            if (!w.Ceil)
            {
                if (span < 0)
                {
                    return 0;
                }

                size = (span / w.Stride) + 1;
            }
            else
            {
                long next = (long)Math.Floor((double)(span + w.Stride - 1) / w.Stride) + 1;
                if ((next - 1) * w.Stride >= size + w.Padding)
                {
                    next--;
                }

                size = next;
            }

            if (size < 1)
            {
                return size;
            }
        }

        return size;
    }
}
