using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>The JSON bodies alerts carry (camelCase, as the portal's API writes): one per event.</summary>
internal static class AlertPayloads
{
    public const string ModelFlagged = "model.flagged";
    public const string Ping = "ping";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A model whose verdict became flagged: what it is, what is wrong, and the name the checks suggest.</summary>
    public static AlertEnvelope Flagged(string tenant, string id, ModelAlert alert)
    {
        var model = alert.Model;
        var body = new FlaggedBody(
            ModelFlagged, id, tenant, model.RepoId, model.Verdict, alert.PreviousVerdict, model.Score, model.FindingCodes,
            model.SuggestedName, model.ModelType, model.Origin, model.AnalyzedAt);
        return new AlertEnvelope(id, ModelFlagged, model.RepoId, model.Verdict, JsonSerializer.SerializeToUtf8Bytes(body, s_json));
    }

    /// <summary>A test delivery an owner asked for.</summary>
    public static AlertEnvelope PingOf(string tenant, string sentBy)
    {
        var id = NewId();
        return new AlertEnvelope(id, Ping, null, null, JsonSerializer.SerializeToUtf8Bytes(new PingBody(Ping, id, tenant, sentBy), s_json));
    }

    /// <summary>A new delivery id.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    private sealed record FlaggedBody(
        string Event,
        string Delivery,
        string Organization,
        string Model,
        string Verdict,
        string? PreviousVerdict,
        int Score,
        IReadOnlyList<string> Findings,
        string SuggestedName,
        string? ModelType,
        string Origin,
        DateTimeOffset AnalyzedAt);

    private sealed record PingBody(string Event, string Delivery, string Organization, string SentBy);
}
