using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>
/// <c>GET|HEAD /{owner}/{name}/resolve|raw/{revision}/{path}</c>: the file's bytes (for <c>raw</c>, an LFS file's
/// pointer), with <c>Range</c> (206, <c>Content-Range</c>, 416), <c>ETag</c>, <c>X-Repo-Commit</c> and, for LFS
/// files, <c>X-Linked-Size</c>/<c>X-Linked-Etag</c> as the Hub sends them.
/// </summary>
internal static class FileDownloads
{
    public static async Task WriteAsync(HttpContext context, FakeHubServer server, bool raw)
    {
        var revision = (string?)context.Request.RouteValues["revision"];
        if (FakeHubEndpoints.FindModel(context, server, revision) is not { } model)
        {
            return;
        }

        var path = (string?)context.Request.RouteValues["path"] ?? "";
        var file = model.FindFile(path);
        if (file is null)
        {
            FakeHubEndpoints.SetError(context, StatusCodes.Status404NotFound, "EntryNotFound", $"{path} does not exist on \"{revision}\"");
            return;
        }

        var servesPointer = raw && file.IsLfs && file.LfsSha256 is not null;
        if (!servesPointer && !file.HasContent)
        {
            FakeHubEndpoints.SetError(context, StatusCodes.Status404NotFound, "EntryNotFound",
                $"{path} is listed but its bytes are not part of the real-data snapshot");
            return;
        }

        var response = context.Response;
        response.Headers["X-Repo-Commit"] = model.Sha;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{(servesPointer ? file.BlobId : file.ETag)}\"";
        if (file.IsLfs && !raw)
        {
            response.Headers["X-Linked-Size"] = file.Size.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-Linked-Etag"] = $"\"{file.LfsSha256}\"";
        }

        response.ContentType = servesPointer ? "text/plain; charset=utf-8" : "application/octet-stream";
        await using var content = servesPointer ? new MemoryStream(file.LfsPointer(), writable: false) : file.OpenContent();
        var length = content.Length;
        var range = ByteRange.Parse(context.Request.Headers.Range.ToString() is { Length: > 0 } header ? header : null, length, out var unsatisfiable);
        if (unsatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{length}";
            return;
        }

        var (first, count) = range is { } r ? (r.First, r.Length) : (0L, length);
        if (range is not null)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {first}-{first + count - 1}/{length}";
        }

        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        content.Seek(first, SeekOrigin.Begin);
        await CopyAsync(content, response.Body, count, context.RequestAborted);
    }

    private static async Task CopyAsync(Stream source, Stream destination, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81_920];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            count -= read;
        }
    }
}
