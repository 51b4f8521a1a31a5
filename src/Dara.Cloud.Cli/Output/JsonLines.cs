using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Dara.Cloud.Cli.Output;

/// <summary>Writes one compact JSON document per line (JSON Lines), the format every <c>--format json</c> uses.</summary>
public sealed class JsonLines(TextWriter writer)
{
    /// <summary>
    /// Options of the CLI's JSON, the engine's (<see cref="Analysis.Reports.EngineJson"/>): snake_case, compact, and
    /// non-ASCII text (names in any script, emoji) written as is, since the output goes to terminals and files, never into HTML.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Serializes <paramref name="value"/> as one line.</summary>
    public void Write<T>(T value, JsonTypeInfo<T> type)
    {
        writer.Write(JsonSerializer.Serialize(value, type));
        writer.Write('\n');
    }
}
