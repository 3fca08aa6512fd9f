using System.Collections.Generic;
using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>The value of a composite loss and its terms, for back-propagation and logging.</summary>
/// <param name="Total">Scalar in the network's dtype (float32 for the library's models): Σ weight · value over <paramref name="Terms"/>.</param>
/// <param name="Terms">Each term's name, weight and unweighted scalar value (same graph as <paramref name="Total"/>).</param>
/// <remarks>
/// Dtype convention: losses stay in the dtype of the tensors they get (float32), so they back-propagate into float32
/// models; the MATLAB-matched metrics compute in float64. Read numbers through <see cref="TotalValue"/> and
/// <see cref="LossTermValue.NumericValue"/>, which convert any dtype, not <c>item&lt;double&gt;()</c>, which needs a float64 tensor.
/// </remarks>
public sealed record LossResult(Tensor Total, IReadOnlyList<LossTermValue> Terms)
{
    /// <summary><see cref="Total"/> as a number, whatever its dtype (one device sync).</summary>
    public double TotalValue => ScalarValue.Of(Total);
}
