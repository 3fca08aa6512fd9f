using System;
using System.Globalization;

namespace PerceptualLosses.Losses;

/// <summary>One weighted term of a composite loss: <c>Weight · Kind(Layer)</c>.</summary>
/// <param name="Kind">E, P or T.</param>
/// <param name="Weight">λ &gt; 0.</param>
/// <param name="Layer">Feature layer name (<c>pool2</c>, <c>conv1_1</c>, …) for P and T; <c>null</c> for E.</param>
public sealed record LossTerm(LossTermKind Kind, double Weight, string? Layer = null)
{
    /// <summary>The term as a spec string without weight: <c>E</c>, <c>P(pool2)</c>, <c>T(conv1_1)</c>.</summary>
    public string Name => Kind switch
    {
        LossTermKind.Pixel => "E",
        LossTermKind.Feature => $"P({Layer})",
        LossTermKind.Texture => $"T({Layer})",
        _ => throw new InvalidOperationException($"Unknown loss kind {Kind}."),
    };

    /// <summary>Checks the invariants; called by every consumer.</summary>
    internal void Validate()
    {
        if (!(Weight > 0) || double.IsInfinity(Weight))
        {
            throw new ArgumentOutOfRangeException(nameof(Weight), Weight, $"Weight of {Name} must be a finite number > 0.");
        }

        if (Kind == LossTermKind.Pixel && Layer is not null)
        {
            throw new ArgumentException("E (pixel MSE) takes no layer.", nameof(Layer));
        }

        if (Kind != LossTermKind.Pixel && string.IsNullOrWhiteSpace(Layer))
        {
            throw new ArgumentException($"{Kind} terms need a feature layer name.", nameof(Layer));
        }
    }

    /// <inheritdoc />
    public override string ToString() => Weight == 1.0 ? Name : $"{Weight.ToString("R", CultureInfo.InvariantCulture)}*{Name}";
}
