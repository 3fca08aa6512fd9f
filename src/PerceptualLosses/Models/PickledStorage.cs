using System;
using static TorchSharp.torch;

namespace PerceptualLosses.Models;

/// <summary>A storage named by a persistent id in a PyTorch pickle: its bytes are read only when a tensor on it is used.</summary>
internal sealed class PickledStorage
{
    public PickledStorage(string key, string typeName, ScalarType dtype, long numel, string location)
    {
        Key = key;
        TypeName = typeName;
        DType = dtype;
        Numel = numel;
        Location = location;
    }

    /// <summary>Storage key (legacy: the saving process's pointer as text; zip: the <c>data/</c> entry name).</summary>
    public string Key { get; }

    /// <summary>Pickled storage class, e.g. <c>FloatStorage</c>.</summary>
    public string TypeName { get; }

    /// <summary>Element type.</summary>
    public ScalarType DType { get; }

    /// <summary>Elements in the storage.</summary>
    public long Numel { get; }

    /// <summary>Device the tensor was saved from (<c>cpu</c>, <c>cuda:0</c>); every tensor is read onto the CPU.</summary>
    public string Location { get; }

    /// <summary>Bytes of one element.</summary>
    public int ElementSize => ElementSizeOf(DType);

    /// <summary>Legacy format: offset of the storage's raw bytes in the file; -1 until the storage table was read.</summary>
    public long FileOffset { get; set; } = -1;

    /// <summary>The storage's contents once read (1-D, contiguous); owned by the open file.</summary>
    public Tensor? Data { get; set; }

    public static int ElementSizeOf(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "No element size for this dtype."),
    };
}
