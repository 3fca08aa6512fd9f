using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>One evaluated term of a composite loss.</summary>
/// <param name="Name">The term as written in a spec, e.g. <c>P(pool2)</c>.</param>
/// <param name="Weight">λ of the term.</param>
/// <param name="Value">Unweighted scalar value.</param>
public sealed record LossTermValue(string Name, double Weight, Tensor Value);
