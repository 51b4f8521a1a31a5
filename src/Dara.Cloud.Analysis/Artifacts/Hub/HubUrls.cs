using System.Globalization;
using System.Text;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// The Hub's URL layout, encoded as huggingface_hub encodes it: revisions with no safe characters
/// (<c>refs/pr/1</c> → <c>refs%2Fpr%2F1</c>), file paths segment by segment keeping '/'.
/// </summary>
internal static class HubUrls
{
    public static Uri ModelInfo(Uri endpoint, string repoId, string? revision) =>
        new(Base(endpoint) + "/api/models/" + repoId
            + (revision is null ? "" : "/revision/" + Uri.EscapeDataString(revision))
            + "?blobs=true");

    public static Uri Resolve(Uri endpoint, string repoId, string revision, string path) =>
        new(Base(endpoint) + "/" + repoId + "/resolve/" + Uri.EscapeDataString(revision) + "/" + EscapePath(path));

    public static Uri ModelList(Uri endpoint, HubModelQuery query)
    {
        var url = new StringBuilder(Base(endpoint)).Append("/api/models?");
        if (query.Author is { } author)
        {
            url.Append("author=").Append(Uri.EscapeDataString(author)).Append('&');
        }

        if (query.Search is { } search)
        {
            url.Append("search=").Append(Uri.EscapeDataString(search)).Append('&');
        }

        url.Append("sort=").Append(Uri.EscapeDataString(query.Sort));
        if (query.Descending)
        {
            url.Append("&direction=-1");
        }

        var pageSize = query.MaxResults is { } max ? Math.Clamp(max, 1, query.PageSize) : query.PageSize;
        url.Append("&limit=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        if (query.Full)
        {
            url.Append("&full=true");
        }

        return new Uri(url.ToString());
    }

    /// <summary>True when <paramref name="url"/> is on the same scheme, host and port as <paramref name="endpoint"/>.</summary>
    public static bool IsSameOrigin(Uri endpoint, Uri url) =>
        Uri.Compare(endpoint, url, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static string Base(Uri endpoint) => endpoint.AbsoluteUri.TrimEnd('/');

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
