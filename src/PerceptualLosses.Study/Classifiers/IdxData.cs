using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using static TorchSharp.torch;

namespace PerceptualLosses.Study.Classifiers;

/// <summary>Finds and batches an IDX pair (MNIST / Fashion-MNIST layout: <c>{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]</c>).</summary>
public static class IdxData
{
    /// <summary>Images [N,1,H,W] float32 in [0,1] and int64 labels; <paramref name="limit"/> ≤ 0 reads all.</summary>
    public static (Tensor Images, Tensor Labels) Load(string folder, bool train, int limit)
    {
        string prefix = train ? "train" : "t10k";
        var (images, labels) = PerceptualLosses.Data.IdxReader.ReadPair(Find(folder, $"{prefix}-images-idx3-ubyte"), Find(folder, $"{prefix}-labels-idx1-ubyte"));
        if (limit <= 0 || limit >= images.shape[0])
        {
            return (images, labels);
        }

        Tensor x, y;
        using (var scope = NewDisposeScope())
        {
            // The narrowed views die with the scope; only the copies leave it.
            (x, y) = (images.narrow(0, 0, limit).clone().MoveToOuterDisposeScope(), labels.narrow(0, 0, limit).clone().MoveToOuterDisposeScope());
        }

        images.Dispose();
        labels.Dispose();
        return (x, y);
    }

    /// <summary>Whether <paramref name="folder"/> holds the training (<c>train-*</c>) or test (<c>t10k-*</c>) IDX pair.</summary>
    public static bool HasSet(string folder, bool train)
    {
        string prefix = train ? "train" : "t10k";
        return Exists(folder, $"{prefix}-images-idx3-ubyte") && Exists(folder, $"{prefix}-labels-idx1-ubyte");
    }

    /// <summary>Grey [N,1,h,w] → RGB [N,3,s,s] by replicating the channel and zero-padding evenly to <paramref name="size"/>.</summary>
    public static Tensor ToRgb(Tensor images, int size)
    {
        long h = images.shape[2], w = images.shape[3];
        long top = Math.Max(0, (size - h) / 2), left = Math.Max(0, (size - w) / 2);
        long bottom = Math.Max(0, size - h - top), right = Math.Max(0, size - w - left);
        Tensor rgb;
        using (var scope = NewDisposeScope())
        {
            rgb = nn.functional.pad(images.expand(-1, 3, -1, -1), new[] { left, right, top, bottom }).contiguous().MoveToOuterDisposeScope();
        }

        images.Dispose();
        return rgb;
    }

    private static bool Exists(string folder, string name) => File.Exists(Path.Combine(folder, name)) || File.Exists(Path.Combine(folder, name + ".gz"));

    private static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { Path.Combine(folder, name), Path.Combine(folder, name + ".gz") })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"'{folder}' has neither {name} nor {name}.gz.");
    }
}
