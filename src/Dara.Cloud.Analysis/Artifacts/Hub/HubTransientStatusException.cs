using System.Net;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// A status worth retrying (408, 429, 5xx gateway errors), raised inside one attempt so that the retry strategy
/// sees it; after the last retry <see cref="HubClient"/> turns it into an <see cref="ArtifactException"/>.
/// </summary>
internal sealed class HubTransientStatusException(HttpStatusCode statusCode, string? reason, TimeSpan? serverDelay)
    : Exception($"The Hub answered {(int)statusCode} {reason}.")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? Reason { get; } = reason;

    /// <summary>The wait the server asked for (<c>Retry-After</c> or a <c>RateLimit</c> reset), when it asked.</summary>
    public TimeSpan? ServerDelay { get; } = serverDelay;
}
