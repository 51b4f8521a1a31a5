using System.Text.Json;

namespace Dara.Cloud.Analysis.Formats.Config;

/// <summary>
/// A JSON object's properties indexed by name once. The config reader asks about a hundred alias keys of each
/// object (<c>hidden_size</c>, <c>d_model</c>, <c>n_embd</c>…), and <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// walks every property per question; real configs have 30 to 100 properties.
/// </summary>
internal sealed class JsonObjectIndex
{
    private readonly Dictionary<string, JsonElement> _byName;

    public JsonObjectIndex(JsonElement element)
    {
        Element = element;
        _byName = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        // A repeated name keeps its last value, as JsonElement.TryGetProperty does.
        foreach (var property in element.EnumerateObject())
        {
            _byName[property.Name] = property.Value;
        }
    }

    /// <summary>The object itself.</summary>
    public JsonElement Element { get; }

    public bool TryGetProperty(string name, out JsonElement value) => _byName.TryGetValue(name, out value);
}
