using System.Globalization;
using System.Text.Json;
using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// Reads the Hub's model JSON defensively: a field of an unexpected type is treated as absent rather than failing
/// the whole answer, because the Hub adds and reshapes fields over time. Only a missing <c>id</c>, or JSON that is
/// not JSON, is an error.
/// </summary>
internal static class HubModelInfoParser
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses <c>GET /api/models/{id}</c>.</summary>
    public static HubModelInfo ParseModel(ReadOnlyMemory<byte> json, string subject)
    {
        using var document = Parse(json, subject);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? ReadText(subject, () => ReadModel(document.RootElement, subject))
            : throw new ArtifactException(subject, $"the Hub's model info is a JSON {Describe(document.RootElement.ValueKind)}, not an object");
    }

    /// <summary>Parses one page of <c>GET /api/models</c>.</summary>
    public static IReadOnlyList<HubModelInfo> ParseModelList(ReadOnlyMemory<byte> json, string subject)
    {
        using var document = Parse(json, subject);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new ArtifactException(subject, $"the Hub's model listing is a JSON {Describe(document.RootElement.ValueKind)}, not an array");
        }

        return ReadText(subject, () => document.RootElement.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.Object)
            .Select(item => ReadModel(item, subject))
            .ToList());
    }

    /// <summary>Runs a read of the document's text, turning text that is not valid UTF-16 into a clear error.</summary>
    private static T ReadText<T>(string subject, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException e)
        {
            // JsonDocument unescapes strings only when they are read: an escaped lone surrogate (\ud800) fails here.
            throw new ArtifactException(subject, $"the Hub answered with malformed JSON ({MessageText.Printable(e.Message)})", e);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json, string subject)
    {
        try
        {
            return JsonDocument.Parse(json, s_documentOptions);
        }
        catch (JsonException e)
        {
            throw new ArtifactException(subject, $"the Hub answered with malformed JSON ({MessageText.JsonProblem(e)})", e);
        }
    }

    private static HubModelInfo ReadModel(JsonElement model, string subject)
    {
        var id = String(model, "id") ?? String(model, "modelId")
            ?? throw new ArtifactException(subject, "the Hub's model info has no 'id'");
        return new HubModelInfo(
            Id: id,
            Author: String(model, "author"),
            Sha: String(model, "sha"),
            LastModified: Date(model, "lastModified"),
            CreatedAt: Date(model, "createdAt"),
            Private: Boolean(model, "private") ?? false,
            Gated: Gating(model),
            PipelineTag: String(model, "pipeline_tag"),
            LibraryName: String(model, "library_name"),
            Tags: Strings(model, "tags"),
            Siblings: Siblings(model),
            CardData: Property(model, "cardData", JsonValueKind.Object)?.Clone(),
            Safetensors: Safetensors(model),
            Config: Config(model));
    }

    private static IReadOnlyList<HubSibling> Siblings(JsonElement model)
    {
        if (Property(model, "siblings", JsonValueKind.Array) is not { } siblings)
        {
            return [];
        }

        var result = new List<HubSibling>();
        foreach (var sibling in siblings.EnumerateArray())
        {
            if (sibling.ValueKind == JsonValueKind.Object && String(sibling, "rfilename") is { } path)
            {
                var lfs = Property(sibling, "lfs", JsonValueKind.Object) is { } lfsElement
                          && String(lfsElement, "sha256") is { } sha256
                          && Integer(lfsElement, "size") is { } lfsSize
                    ? new HubLfsInfo(sha256, lfsSize)
                    : null;
                result.Add(new HubSibling(path, Integer(sibling, "size"), lfs));
            }
        }

        return result;
    }

    private static HubSafetensorsInfo? Safetensors(JsonElement model)
    {
        if (Property(model, "safetensors", JsonValueKind.Object) is not { } safetensors)
        {
            return null;
        }

        var parameters = new Dictionary<string, long>(StringComparer.Ordinal);
        if (Property(safetensors, "parameters", JsonValueKind.Object) is { } byDtype)
        {
            foreach (var entry in byDtype.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt64(out var count))
                {
                    parameters[entry.Name] = count;
                }
            }
        }

        return new HubSafetensorsInfo(parameters, Integer(safetensors, "total") ?? parameters.Values.Sum());
    }

    private static HubConfigSummary? Config(JsonElement model) =>
        Property(model, "config", JsonValueKind.Object) is { } config
            ? new HubConfigSummary(String(config, "model_type"), Strings(config, "architectures"))
            : null;

    /// <summary><c>gated</c> is <c>false</c> or a mode string ("auto", "manual").</summary>
    private static string? Gating(JsonElement model) =>
        model.TryGetProperty("gated", out var gated)
            ? gated.ValueKind switch
            {
                JsonValueKind.String => gated.GetString(),
                JsonValueKind.True => "true",
                _ => null,
            }
            : null;

    private static JsonElement? Property(JsonElement element, string name, JsonValueKind kind) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == kind ? value : null;

    private static string? String(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.String)?.GetString();

    private static bool? Boolean(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    private static long? Integer(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.Number) is { } number && number.TryGetInt64(out var value) ? value : null;

    private static DateTimeOffset? Date(JsonElement element, string name) =>
        String(element, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.Array) is { } array
            ? array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList()
            : [];

    private static string Describe(JsonValueKind kind) => kind.ToString().ToLowerInvariant();
}
