using System.Text.Json;
using Dara.Cloud.Analysis.Reports;

namespace Dara.Cloud.Portal.Ui;

/// <summary>Reads the engine's check document a verdict stores, for the pages to show.</summary>
public static class VerdictDocuments
{
    /// <summary>The document in <paramref name="json"/> (written by the engine; <see cref="JsonException"/> on anything else).</summary>
    public static CheckDocument Read(string json) =>
        JsonSerializer.Deserialize(json, EngineJson.Context.CheckDocument) ?? throw new JsonException("The verdict document is null.");
}
