using PerceptualLosses.Common;
using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerceptualLosses.Losses;
using PerceptualLosses.Metrics;
using PerceptualLosses.Models;

namespace PerceptualLosses.Study.Runs;

/// <summary>Writes an enum setting as its name in <see cref="SettingNames"/> and reads only those names (exactly).</summary>
/// <typeparam name="T">The enum.</typeparam>
internal abstract class SettingNameJsonConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private readonly EnumNames<T> names;

    protected SettingNameJsonConverter(EnumNames<T> names) => this.names = names;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return names.TryParse(text, out T value)
            ? value
            : throw new SettingNameJsonException($"must be one of {string.Join(", ", names.Names)}; got {(text is null ? reader.TokenType.ToString() : $"'{text}'")}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(names.Name(value));
    }
}

/// <summary><see cref="SettingNames.Layers"/> in JSON.</summary>
internal sealed class LayersJsonConverter() : SettingNameJsonConverter<LayerReading>(SettingNames.Layers);

/// <summary><see cref="SettingNames.Model"/> in JSON.</summary>
internal sealed class ModelJsonConverter() : SettingNameJsonConverter<EnhanceNetSize>(SettingNames.Model);

/// <summary><see cref="SettingNames.Protocol"/> in JSON.</summary>
internal sealed class ProtocolJsonConverter() : SettingNameJsonConverter<ScoringProtocol>(SettingNames.Protocol);

/// <summary>A JSON value that is none of an enum setting's names; the message says which names it takes.</summary>
internal sealed class SettingNameJsonException : JsonException
{
    public SettingNameJsonException(string message)
        : base(message)
    {
    }

    public SettingNameJsonException()
    {
    }

    public SettingNameJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
