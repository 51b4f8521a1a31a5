using Dara.Cloud.Analysis.Artifacts.Hub;

namespace Dara.Cloud.Registry.Polling;

/// <summary>
/// Finds an author's new and updated models on the Hub: lists them newest change first with the first page's ETag
/// sent as <c>If-None-Match</c> (a 304 means nothing changed since the last poll), follows the <c>Link</c> cursor, and,
/// when an ETag says an earlier poll saw everything, stops paging once a whole page holds nothing new. Without an ETag
/// (a first poll, or one after an unfinished poll) every page is read. Retries and <c>Retry-After</c> are the
/// <see cref="HubClient"/>'s; when it gives up, its <see cref="Analysis.Artifacts.ArtifactException"/> reaches the caller.
/// </summary>
public sealed class HubAuthorPoller(HubClient client, HubAuthorPollerOptions? options = null)
{
    private readonly HubAuthorPollerOptions _options = options ?? new HubAuthorPollerOptions();

    /// <param name="author">The Hub user or organization.</param>
    /// <param name="etag">The ETag of the last complete poll (every change it found was handled), or null.</param>
    /// <param name="isKnown">Whether the poller's caller has already seen a model at that commit.</param>
    /// <param name="maxChanges">Stop reading pages once this many changes are found (what the caller will handle now).</param>
    public async Task<AuthorPoll> PollAsync(
        string author, string? etag, Func<HubModelRevision, bool> isKnown, int maxChanges = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChanges);
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        ArgumentNullException.ThrowIfNull(isKnown);
        var query = new HubModelQuery { Author = author, Sort = "lastModified", Descending = true, PageSize = _options.PageSize, Full = true };
        var page = await client.GetModelPageAsync(query, etag, cancellationToken).ConfigureAwait(false);
        if (page.NotModified)
        {
            return new AuthorPoll(true, page.ETag ?? etag, [], Pages: 1, Complete: true);
        }

        var firstETag = page.ETag;
        var changed = new List<HubModelRevision>();
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // A cursor that leads back to a page already read would repeat it until MaxPages; models shifting between
        // pages while the listing changes would be listed twice.
        var visited = new HashSet<Uri>();
        var pages = 1;
        bool complete;
        while (true)
        {
            var changedOnPage = 0;
            foreach (var model in page.Models)
            {
                // A listing may mention other authors' models only if the Hub ignored the filter; never act on those.
                if (!string.Equals(model.Author ?? model.Id.Split('/')[0], author, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var revision = new HubModelRevision(model.Id, model.Sha, model.LastModified);
                if (listed.Add(model.Id) && !isKnown(revision))
                {
                    changed.Add(revision);
                    changedOnPage++;
                }
            }

            // Newest change first: after a complete poll, a page with nothing new means every later page is older still.
            complete = page.NextPage is null || (etag is not null && changedOnPage == 0);
            if (complete || changed.Count >= maxChanges || pages >= _options.MaxPages || page.NextPage is not { } next)
            {
                break;
            }

            if (!visited.Add(next))
            {
                // Not complete: without this ETag the next poll reads the listing again.
                break;
            }

            page = await client.GetModelPageAsync(next, ifNoneMatch: null, cancellationToken).ConfigureAwait(false);
            pages++;
        }

        return new AuthorPoll(false, firstETag, changed, pages, complete);
    }
}

/// <summary>How many models a listing page asks for, and how many pages one poll reads at most.</summary>
public sealed record HubAuthorPollerOptions
{
    /// <summary>huggingface.js asks for 500 per page; the Hub allows 1000.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>A bound on one poll (100,000 models at the default page size); the rest comes at the next poll.</summary>
    public int MaxPages { get; init; } = 200;
}

/// <summary>A model at a commit, as a listing shows it.</summary>
public sealed record HubModelRevision(string Id, string? Sha, DateTimeOffset? LastModified);

/// <summary>What one poll of an author found.</summary>
/// <param name="NotModified">The Hub answered 304 to the ETag sent: nothing changed.</param>
/// <param name="ETag">The ETag to send next time.</param>
/// <param name="Changed">Models new or at a commit not seen before, newest change first.</param>
/// <param name="Pages">Listing pages requested.</param>
/// <param name="Complete">
/// Every change was found: false when paging stopped at <c>maxChanges</c> or the page limit, so the rest waits for a
/// poll without this ETag.
/// </param>
public sealed record AuthorPoll(bool NotModified, string? ETag, IReadOnlyList<HubModelRevision> Changed, int Pages, bool Complete);
