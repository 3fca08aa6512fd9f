using static TorchSharp.torch;

namespace PerceptualLosses.Common;

/// <summary>Reads tensors as <see cref="double"/> whatever their dtype (<c>item&lt;double&gt;()</c> needs float64).</summary>
internal static class ScalarValue
{
    /// <summary>The single value of <paramref name="tensor"/> (detached, converted to float64 on the way).</summary>
    public static double Of(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>Every value of <paramref name="tensor"/>, flattened, as doubles (copied to the CPU).</summary>
    public static double[] All(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().to_type(ScalarType.Float64).cpu().flatten().data<double>().ToArray();
    }
}
