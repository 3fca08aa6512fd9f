using System.Collections.Generic;

namespace PerceptualLosses.Models;

/// <summary>A state-dict entry whose shape in the file differs from the model's.</summary>
/// <param name="Key">Key after prefix mapping.</param>
/// <param name="ModelShape">Shape the model expects.</param>
/// <param name="FileShape">Shape found in the file.</param>
public sealed record WeightShapeMismatch(string Key, IReadOnlyList<long> ModelShape, IReadOnlyList<long> FileShape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: model [{string.Join(",", ModelShape)}] vs file [{string.Join(",", FileShape)}]";
}
