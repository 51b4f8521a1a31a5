using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Registry.Webhooks;

/// <summary>
/// Reads a Hub webhook delivery (formats.md §6) into a <see cref="HubEvent"/>: <c>event.scope</c>/<c>event.action</c>,
/// <c>repo.type</c>, <c>repo.name</c> and <c>repo.headSha</c>. Everything else in the payload is ignored; the size is
/// capped and every field the event needs is checked, so a malformed delivery is refused with one clear message.
/// </summary>
public static class HubWebhookPayload
{
    /// <summary>Real payloads are a few kilobytes (a comment's text is the largest part).</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 16 };

    /// <summary>The event, or throws <see cref="WebhookPayloadException"/>.</summary>
    public static HubEvent Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBytes)
        {
            throw new WebhookPayloadException($"the webhook payload is {json.Length:N0} bytes, over the {MaxBytes:N0}-byte limit");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), s_options);
        }
        catch (JsonException e)
        {
            throw new WebhookPayloadException($"the webhook payload is not JSON: {MessageText.JsonProblem(e)}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookPayloadException("the webhook payload is not a JSON object");
            }

            var @event = Object(root, "event");
            var repo = Object(root, "repo");
            var scope = String(@event, "event", "scope");
            var action = String(@event, "event", "action");
            var repoType = String(repo, "repo", "type");
            var name = String(repo, "repo", "name");
            if (!name.Contains('/') || !HubRepoId.IsValid(name))
            {
                throw new WebhookPayloadException($"repo.name '{Shorten(name)}' is not a Hub repository id (owner/name)");
            }

            var headSha = repo.TryGetProperty("headSha", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString() : null;
            if (headSha is not null && !HubRepoId.IsCommitHash(headSha))
            {
                throw new WebhookPayloadException($"repo.headSha '{Shorten(headSha)}' is not a commit hash");
            }

            var (knownScope, effectiveAction) = WebhookScopes.Normalize(scope, action) ?? (scope, action);
            return new HubEvent(knownScope, effectiveAction, repoType, name, headSha);
        }
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new WebhookPayloadException($"the webhook payload has no '{name}' object");

    private static string String(JsonElement parent, string parentName, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new WebhookPayloadException($"the webhook payload has no '{parentName}.{name}' string");

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "..." : text;
}
