using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary><c>GET /api/models</c>: filtering, sorting, cursor paging with a <c>Link</c> header, ETags and 304s.</summary>
internal static class ModelListing
{
    private const int MaxPageSize = 1000;

    public static async Task WriteAsync(HttpContext context, FakeHubServer server)
    {
        var query = context.Request.Query;
        IEnumerable<FakeHubModel> models = server.Models;
        if (query["author"] is { Count: > 0 } author)
        {
            models = models.Where(model => string.Equals(model.Author, author.ToString(), StringComparison.OrdinalIgnoreCase));
        }

        if (query["search"] is { Count: > 0 } search)
        {
            models = models.Where(model => model.Id.Contains(search.ToString(), StringComparison.OrdinalIgnoreCase));
        }

        var sorted = Sort(models, query["sort"].ToString(), descending: query["direction"] == "-1").ToList();
        var pageSize = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? Math.Min(limit, MaxPageSize)
            : Math.Min(server.Options.DefaultPageSize, MaxPageSize);
        var offset = DecodeCursor(query["cursor"]);
        var page = sorted.Skip(offset).Take(pageSize).ToList();

        var full = query["full"] == "true";
        var json = ModelJson.List(page, full);
        var etag = $"\"{Convert.ToHexStringLower(SHA1.HashData(json))}\"";
        context.Response.Headers.ETag = etag;
        if (offset + page.Count < sorted.Count)
        {
            context.Response.Headers.Link = $"<{NextPageUrl(context, offset + page.Count)}>; rel=\"next\"";
        }

        if (context.Request.Headers.IfNoneMatch.Any(tag => tag == etag || tag == "*"))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        await FakeHubEndpoints.WriteJsonAsync(context, json);
    }

    private static IEnumerable<FakeHubModel> Sort(IEnumerable<FakeHubModel> models, string sort, bool descending)
    {
        Func<FakeHubModel, IComparable> key = sort switch
        {
            "lastModified" => model => model.LastModified,
            "createdAt" => model => model.CreatedAt,
            _ => model => model.Id,
        };

        // Ties (real-data models share dates) are broken by id so that pages never overlap.
        var ordered = descending ? models.OrderByDescending(key) : models.OrderBy(key);
        return ordered.ThenBy(model => model.Id, StringComparer.Ordinal);
    }

    private static string NextPageUrl(HttpContext context, int offset)
    {
        var parameters = context.Request.Query
            .Where(parameter => parameter.Key != "cursor")
            .SelectMany(parameter => parameter.Value.Select(value => $"{Uri.EscapeDataString(parameter.Key)}={Uri.EscapeDataString(value ?? "")}"))
            .Append("cursor=" + EncodeCursor(offset));
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?{string.Join('&', parameters)}";
    }

    private static string EncodeCursor(int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"offset:{offset.ToString(CultureInfo.InvariantCulture)}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int DecodeCursor(StringValues cursor)
    {
        if (cursor.Count == 0)
        {
            return 0;
        }

        try
        {
            var base64 = cursor.ToString().Replace('-', '+').Replace('_', '/');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                   && int.TryParse(text["offset:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : 0;
        }
        catch (FormatException)
        {
            return 0;
        }
    }
}
