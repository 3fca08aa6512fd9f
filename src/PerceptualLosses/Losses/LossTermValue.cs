using PerceptualLosses.Common;
using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>One evaluated term of a composite loss.</summary>
/// <param name="Name">The term as written in a spec, e.g. <c>P(pool2)</c>.</param>
/// <param name="Weight">λ of the term.</param>
/// <param name="Value">Unweighted scalar value, in the network's dtype.</param>
public sealed record LossTermValue(string Name, double Weight, Tensor Value)
{
    /// <summary><see cref="Value"/> as a number, whatever its dtype (one device sync).</summary>
    public double NumericValue => ScalarValue.Of(Value);
}
