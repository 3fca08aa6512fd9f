using System.Collections.Generic;
using static TorchSharp.torch;

namespace PerceptualLosses.Losses;

/// <summary>The value of a composite loss and its terms, for back-propagation and logging.</summary>
/// <param name="Total">Scalar: Σ weight · value over <paramref name="Terms"/>.</param>
/// <param name="Terms">Each term's name, weight and unweighted scalar value (same graph as <paramref name="Total"/>).</param>
public sealed record LossResult(Tensor Total, IReadOnlyList<LossTermValue> Terms);
