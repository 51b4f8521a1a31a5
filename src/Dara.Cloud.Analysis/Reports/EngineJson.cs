using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dara.Cloud.Analysis.Facts;

namespace Dara.Cloud.Analysis.Reports;

/// <summary>
/// The engine's JSON: snake_case keys (<c>suggested_name</c>), enums as lower-case strings, compact, non-ASCII written
/// as is (names in any script). Dictionary keys (DARA's vector keys, evidence names) are kept verbatim.
/// The CLI, the API and the portal all write verdicts with it, so they agree byte for byte.
/// </summary>
public static class EngineJson
{
    /// <summary>The source-generated context bound to the engine's options.</summary>
    public static EngineJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    });

    public static JsonSerializerOptions Options => Context.Options;

    public static string Serialize(CheckDocument document) => JsonSerializer.Serialize(document, Context.CheckDocument);

    public static string Serialize(InspectionDocument document) => JsonSerializer.Serialize(document, Context.InspectionDocument);

    /// <summary>A model's facts, cached by the service so a name can be checked again without reading artifacts.</summary>
    public static string Serialize(ModelFacts facts) => JsonSerializer.Serialize(facts, Context.ModelFacts);

    /// <summary>
    /// A prediction as written in a check document's <c>"prediction"</c> (null when absent or null); throws
    /// <see cref="JsonException"/> on anything else.
    /// </summary>
    public static Checks.ArchitecturePrediction? DeserializePrediction(JsonNode? prediction) =>
        prediction is null ? null : prediction.Deserialize(Context.ArchitecturePrediction);

    /// <summary>A check document written by <see cref="Serialize(CheckDocument)"/> (a stored verdict's); throws <see cref="JsonException"/> on anything else.</summary>
    public static CheckDocument DeserializeCheckDocument(string json) =>
        JsonSerializer.Deserialize(json, Context.CheckDocument) ?? throw new JsonException("The check document is null.");

    /// <summary>Facts written by <see cref="Serialize(ModelFacts)"/>; throws <see cref="JsonException"/> on anything else.</summary>
    public static ModelFacts DeserializeFacts(string json) =>
        JsonSerializer.Deserialize(json, Context.ModelFacts) ?? throw new JsonException("The facts document is null.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CheckDocument))]
[JsonSerializable(typeof(InspectionDocument))]
[JsonSerializable(typeof(ModelFacts))]
[JsonSerializable(typeof(Checks.ArchitecturePrediction))]
public sealed partial class EngineJsonContext : JsonSerializerContext;
