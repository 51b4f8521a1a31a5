using System.Text.RegularExpressions;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>The <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header, which the Hub uses for cursor paging.</summary>
internal static partial class LinkHeader
{
    /// <summary>The next page's address, resolved against <paramref name="requestUrl"/>, or null on the last page.</summary>
    public static Uri? Next(HttpResponseMessage response, Uri requestUrl)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (Match link in LinkPattern().Matches(string.Join(',', values)))
        {
            var relations = link.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (relations.Contains("next", StringComparer.OrdinalIgnoreCase)
                && Uri.TryCreate(requestUrl, link.Groups["url"].Value, out var next))
            {
                return next;
            }
        }

        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]*)>[^,<]*?;\s*rel\s*=\s*(?:"(?<rel>[^"]*)"|(?<rel>[^;,\s]+))""", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
