using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Dara.Cloud.Portal.Api.Concurrency;

/// <summary>
/// Optimistic concurrency over HTTP: a GET answers with the thing's revision as a strong <c>ETag</c>; a change sent
/// with <c>If-Match</c> is made only while the revision is still one of those (else 412, and nothing changes). Without
/// <c>If-Match</c> (or with <c>*</c>) a change is made unconditionally, as before ETags existed, so existing clients
/// keep working. The grain compares the revision, in the same turn as the change.
/// </summary>
internal static class EntityTags
{
    /// <summary>What the OpenAPI description of a conditional change says.</summary>
    public const string Description =
        "Send If-Match with the ETag of the GET this change is based on: when someone changed it meanwhile the answer is "
        + "412 Precondition Failed with the current ETag, and nothing is changed. Without If-Match the change is made "
        + "unconditionally (the last writer wins), as before.";

    public static string Format(long revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Sets the response's ETag to <paramref name="revision"/>.</summary>
    public static void Set(HttpResponse response, long revision)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = Format(revision);
    }

    /// <summary>
    /// The request's If-Match as a condition for the grain: null when there is none or it is <c>*</c> (the thing exists:
    /// the endpoint has checked that). Weak or foreign tags never match (If-Match compares strongly), nor does a header
    /// that does not parse: a client that meant a condition must not get an unconditional write.
    /// </summary>
    public static IfRevision? IfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(values, out var tags))
        {
            return new IfRevision([]);
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return null;
        }

        var revisions = tags
            .Where(tag => !tag.IsWeak)
            .Select(tag => long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : -1)
            .Where(revision => revision >= 0)
            .ToArray();
        return new IfRevision(revisions);
    }

    /// <summary>412 with a problem that says what happened and what to do, and the current ETag to retry with.</summary>
    public static IResult PreconditionFailed(HttpResponse response, StaleRevisionException stale, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(stale);
        Set(response, stale.CurrentRevision);
        return Results.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: $"{what} was changed by someone else meanwhile.",
            detail: $"If-Match does not match the current ETag {Format(stale.CurrentRevision)}, so nothing was changed. "
                + "GET it again, apply your change to what it is now, and send that ETag in If-Match.");
    }
}
