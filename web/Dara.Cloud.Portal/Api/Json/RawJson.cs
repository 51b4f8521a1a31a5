using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dara.Cloud.Portal.Api.Json;

/// <summary>
/// A JSON document written into a response exactly as stored: verdicts are the engine's own JSON (what
/// <c>dara check --format json</c> prints), and re-serializing them could change a byte the CLI would not.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Json);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
