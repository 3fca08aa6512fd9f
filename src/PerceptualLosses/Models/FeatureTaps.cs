using System;
using System.Collections.Generic;
using System.Linq;
using PerceptualLosses.Common;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PerceptualLosses.Models;

/// <summary>
/// Named taps on a plain <c>features</c> stack (AlexNet, SqueezeNet): runs the layers only as deep as the deepest requested
/// tap and refuses inputs too small for it.
/// </summary>
internal sealed class FeatureTaps
{
    private readonly string network;
    private readonly Module<Tensor, Tensor>[] stack;
    private readonly Dictionary<string, int> indexByName;
    private readonly TrunkGeometry geometry;

    /// <param name="network">Name for messages, e.g. "AlexNet".</param>
    /// <param name="layers">The children of <c>features</c>, in order.</param>
    /// <param name="taps">Tap names and the index of the layer whose output they are, shallowest first.</param>
    /// <param name="geometry">Window sizes of <paramref name="layers"/>.</param>
    public FeatureTaps(string network, Module<Tensor, Tensor>[] layers, IReadOnlyList<(string Name, int Index)> taps, TrunkGeometry geometry)
    {
        this.network = network;
        stack = layers;
        this.geometry = geometry;
        indexByName = taps.ToDictionary(t => t.Name, t => t.Index, StringComparer.Ordinal);
        Names = taps.Select(t => t.Name).ToArray();
    }

    /// <summary>Tap names, shallowest first.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Index of the last layer of <c>features</c>.</summary>
    public int LastIndex => stack.Length - 1;

    /// <summary>Smallest height/width the whole <c>features</c> stack accepts.</summary>
    public int MinimumInputSize => geometry.MinimumInputSize(stack.Length - 1);

    /// <summary>Checks the input against the deepest layer that will run.</summary>
    public void CheckInput(Tensor input, Tensor firstWeight, int lastIndex, string target)
    {
        Guard.IsImageBatch(input, channels: 3);
        Guard.SameDevice(firstWeight, input, "model", "input");
        int minimum = geometry.MinimumInputSize(lastIndex);
        long h = input.shape[2], w = input.shape[3];
        if (h < minimum || w < minimum)
        {
            throw new ArgumentException(
                $"input is {h}x{w} but {network} needs at least {minimum}x{minimum} pixels for {target} (its strided convolutions and poolings must keep at least one pixel).",
                nameof(input));
        }
    }

    /// <summary>The requested feature maps; unknown or no names are an error listing the valid ones.</summary>
    public IReadOnlyDictionary<string, Tensor> Run(Tensor input, Tensor firstWeight, IReadOnlyCollection<string> layers)
    {
        Guard.NotNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException($"layers must name at least one {network} layer. Valid names: {string.Join(", ", Names)}.", nameof(layers));
        }

        var wanted = new Dictionary<int, string>();
        foreach (var name in layers)
        {
            if (name is null || !indexByName.TryGetValue(name, out int index))
            {
                throw new ArgumentException($"Unknown {network} layer '{name}' in layers. Valid names: {string.Join(", ", Names)}.", nameof(layers));
            }

            wanted[index] = name;
        }

        int deepest = wanted.Keys.Max();
        CheckInput(input, firstWeight, deepest, $"layer '{wanted[deepest]}'");
        using var scope = NewDisposeScope();
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = input.alias();
        for (int i = 0; i <= deepest; i++)
        {
            x = stack[i].call(x);
            if (wanted.TryGetValue(i, out var name))
            {
                result[name] = x;
            }
        }

        foreach (var t in result.Values)
        {
            t.MoveToOuterDisposeScope();
        }

        return result;
    }
}
