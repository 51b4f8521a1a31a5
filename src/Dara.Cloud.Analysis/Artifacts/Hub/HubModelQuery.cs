namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>A model listing (<c>GET /api/models</c>), newest change first by default.</summary>
public sealed record HubModelQuery
{
    /// <summary>Only models of this user or organization.</summary>
    public string? Author { get; init; }

    /// <summary>Only models whose id contains this text.</summary>
    public string? Search { get; init; }

    /// <summary><c>lastModified</c>, <c>createdAt</c>, <c>downloads</c>, <c>likes</c>, <c>trendingScore</c>.</summary>
    public string Sort { get; init; } = "lastModified";

    /// <summary>Sends <c>direction=-1</c>.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Models per page (the <c>limit</c> parameter; the Hub pages further with a cursor).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>At most this many models in all; null for every match.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Sends <c>full=true</c> (siblings, sha, lastModified in each item).</summary>
    public bool Full { get; init; } = true;
}

/// <summary>
/// One page of a model listing. A poller keeps <see cref="ETag"/> and sends it back: when nothing changed the Hub
/// answers 304 and the page comes back with <see cref="NotModified"/> set and no models.
/// </summary>
/// <param name="Models">The page's models (empty when not modified).</param>
/// <param name="NextPage">The next page's address from the <c>Link</c> header, or null on the last page.</param>
/// <param name="ETag">The page's entity tag, to send as <c>If-None-Match</c> next time.</param>
/// <param name="NotModified">The server answered 304 to the <c>If-None-Match</c> sent.</param>
public sealed record HubModelPage(IReadOnlyList<HubModelInfo> Models, Uri? NextPage, string? ETag, bool NotModified);
