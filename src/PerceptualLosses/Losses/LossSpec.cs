using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PerceptualLosses.Common;

namespace PerceptualLosses.Losses;

/// <summary>
/// A composite loss as a weighted sum of E, P and T terms, e.g.
/// <c>E + 0.2*P(pool2) + 0.02*P(pool5) + 3e-7*T(relu1_1)</c>, or one of the paper's short names
/// <c>E, EP, EPT, ET, P, PT</c> (see <see cref="LossPresets"/>).
/// </summary>
/// <param name="Terms">The terms, in order.</param>
/// <param name="Texture">Patch size and Gram scaling for every T term.</param>
public sealed record LossSpec(IReadOnlyList<LossTerm> Terms, TextureOptions Texture)
{
    /// <summary>Layers needed by P and T terms, without duplicates, in order of appearance.</summary>
    public IReadOnlyList<string> FeatureLayers => Terms.Where(t => t.Layer is not null).Select(t => t.Layer!).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Whether any term needs a feature network.</summary>
    public bool NeedsFeatureNetwork => Terms.Any(t => t.Kind != LossTermKind.Pixel);

    /// <summary>
    /// Parses a spec string: a preset short name (<c>EPT</c>), or terms <c>[weight*]E</c>, <c>[weight*]P(layer)</c>,
    /// <c>[weight*]T(layer)</c> joined by <c>+</c>. Whitespace is ignored; weights use invariant culture (<c>3e-7</c>).
    /// </summary>
    /// <param name="spec">The spec string.</param>
    /// <param name="reading">Which layers the short names read.</param>
    /// <param name="texture">Patch size and Gram scaling of T terms (the paper's when null).</param>
    /// <param name="knownLayers">The feature network's layer names (e.g. <c>Vgg.LayerNames</c>); when given, a layer not
    /// among them is an error that points at it and lists them.</param>
    /// <exception cref="LossSpecFormatException">Malformed spec or unknown layer; the message points at the position.</exception>
    public static LossSpec Parse(string spec, LayerReading reading = LayerReading.EnhanceNet, TextureOptions? texture = null, IReadOnlyCollection<string>? knownLayers = null)
    {
        Guard.NotNull(spec);
        string trimmed = spec.Trim();
        if (LossPresets.Names.Contains(trimmed, StringComparer.Ordinal))
        {
            var preset = LossPresets.Get(trimmed, reading, texture);
            var missing = knownLayers is null ? Array.Empty<string>() : preset.FeatureLayers.Where(l => !knownLayers.Contains(l, StringComparer.Ordinal)).ToArray();
            if (missing.Length > 0)
            {
                throw new LossSpecFormatException(spec, spec.IndexOf(trimmed, StringComparison.Ordinal),
                    $"Preset {trimmed} reads {string.Join(", ", missing)}, which this network does not have; its layers are {string.Join(", ", knownLayers!)}");
            }

            return preset;
        }

        return new LossSpec(new Parser(spec, knownLayers).ParseTerms(), texture ?? TextureOptions.Paper);
    }

    /// <summary>Value equality: the same terms in the same order and the same texture settings (two parses of one text are equal).</summary>
    /// <param name="other">The spec to compare with.</param>
    public bool Equals(LossSpec? other) =>
        other is not null && (ReferenceEquals(this, other) || (Texture == other.Texture && Terms.SequenceEqual(other.Terms)));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Texture);
        foreach (var term in Terms)
        {
            hash.Add(term);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" + ", Terms.Select(t => t.ToString()));

    private sealed class Parser
    {
        private readonly string text;
        private readonly IReadOnlyCollection<string>? knownLayers;
        private int position;

        public Parser(string text, IReadOnlyCollection<string>? knownLayers) => (this.text, this.knownLayers) = (text, knownLayers);

        public List<LossTerm> ParseTerms()
        {
            var terms = new List<LossTerm>();
            SkipSpace();
            if (position >= text.Length)
            {
                throw Error("Empty loss spec; expected terms like 'E + 0.2*P(pool2)' or a preset (" + string.Join(", ", LossPresets.Names) + ")");
            }

            while (true)
            {
                terms.Add(ParseTerm());
                SkipSpace();
                if (position >= text.Length)
                {
                    return terms;
                }

                if (text[position] != '+')
                {
                    throw Error($"Expected '+' or end of spec but found '{text[position]}'");
                }

                position++;
            }
        }

        private LossTerm ParseTerm()
        {
            SkipSpace();
            double weight = 1.0;
            if (position < text.Length && (char.IsDigit(text[position]) || text[position] == '.'))
            {
                weight = ParseNumber();
                SkipSpace();
                Expect('*');
                SkipSpace();
            }

            if (position >= text.Length)
            {
                throw Error("Expected a term name E, P or T");
            }

            int nameAt = position;
            char name = text[position++];
            LossTermKind kind = name switch
            {
                'E' => LossTermKind.Pixel,
                'P' => LossTermKind.Feature,
                'T' => LossTermKind.Texture,
                _ => throw ErrorAt(nameAt, $"Unknown term '{name}'; expected E (pixel MSE), P(layer) (feature) or T(layer) (texture)"),
            };

            string? layer = null;
            SkipSpace();
            if (kind == LossTermKind.Pixel)
            {
                if (position < text.Length && text[position] == '(')
                {
                    throw Error("E takes no layer");
                }
            }
            else
            {
                Expect('(');
                SkipSpace();
                int start = position;
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                if (position == start)
                {
                    throw Error("Expected a layer name such as pool2 or conv1_1");
                }

                layer = text[start..position];
                if (knownLayers is not null && !knownLayers.Contains(layer, StringComparer.Ordinal))
                {
                    throw ErrorAt(start, $"Unknown layer '{layer}'; this network's layers are {string.Join(", ", knownLayers)}");
                }

                SkipSpace();
                Expect(')');
            }

            if (!(weight > 0) || double.IsInfinity(weight))
            {
                throw ErrorAt(nameAt, $"Weight of {name} must be a finite number > 0");
            }

            return new LossTerm(kind, weight, layer);
        }

        private double ParseNumber()
        {
            int start = position;
            while (position < text.Length && (char.IsDigit(text[position]) || text[position] is '.' or 'e' or 'E' or '-' or '+'))
            {
                // '+' and '-' only inside an exponent; a bare 'E' followed by space or '(' is a term name, handled below.
                if (text[position] is '+' or '-' && !(position > start && text[position - 1] is 'e' or 'E'))
                {
                    break;
                }

                position++;
            }

            // Give back a trailing 'E'/'e' that was not an exponent (e.g. "2E" is weight 2 times term E without '*').
            while (position > start && text[position - 1] is 'e' or 'E')
            {
                position--;
            }

            string number = text[start..position];
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw ErrorAt(start, $"'{number}' is not a number");
            }

            return value;
        }

        private void Expect(char c)
        {
            if (position >= text.Length || text[position] != c)
            {
                string found = position < text.Length ? $"'{text[position]}'" : "end of spec";
                throw Error($"Expected '{c}' but found {found}");
            }

            position++;
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        private LossSpecFormatException Error(string problem) => ErrorAt(position, problem);

        private LossSpecFormatException ErrorAt(int at, string problem) => new(text, at, problem);
    }
}
