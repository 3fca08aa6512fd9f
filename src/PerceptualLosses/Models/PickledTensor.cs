using System.Linq;

namespace PerceptualLosses.Models;

/// <summary>A tensor rebuilt by <c>torch._utils._rebuild_tensor_v2</c> in a pickle: a strided view of a <see cref="PickledStorage"/>, not yet read.</summary>
internal sealed class PickledTensor
{
    public PickledTensor(PickledStorage storage, long storageOffset, long[] shape, long[] stride)
    {
        Storage = storage;
        StorageOffset = storageOffset;
        Shape = shape;
        Stride = stride;
    }

    /// <summary>The storage the tensor views.</summary>
    public PickledStorage Storage { get; }

    /// <summary>Offset of element [0,…,0] in the storage, in elements.</summary>
    public long StorageOffset { get; }

    /// <summary>Size of each dimension.</summary>
    public long[] Shape { get; }

    /// <summary>Stride of each dimension, in elements.</summary>
    public long[] Stride { get; }

    /// <summary>Saved as an <c>nn.Parameter</c> (<c>_rebuild_parameter</c>).</summary>
    public bool IsParameter { get; set; }

    /// <summary>Elements of the tensor.</summary>
    public long Numel => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes of the tensor's own elements.</summary>
    public long Bytes => Numel * Storage.ElementSize;
}
