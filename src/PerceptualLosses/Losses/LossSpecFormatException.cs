using System;

namespace PerceptualLosses.Losses;

/// <summary>A loss spec string could not be parsed; <see cref="Position"/> is the 0-based character index of the problem.</summary>
public sealed class LossSpecFormatException : FormatException
{
    /// <summary>Creates the exception; the message repeats the spec with a caret under <paramref name="position"/>.</summary>
    public LossSpecFormatException(string spec, int position, string problem)
        : base($"{problem} at position {position} of loss spec:{Environment.NewLine}  {spec}{Environment.NewLine}  {new string(' ', Math.Max(0, position))}^")
    {
        Spec = spec;
        Position = position;
    }

    /// <summary>The spec that failed.</summary>
    public string Spec { get; }

    /// <summary>0-based index of the offending character.</summary>
    public int Position { get; }
}
