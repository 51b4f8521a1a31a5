using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dara.Cloud.Testing.FakeHub;

/// <summary>Carries out a <see cref="FaultKind"/> on a request, in place of or around the normal answer.</summary>
internal static class FaultResponses
{
    public static async Task ApplyAsync(FaultKind? fault, HttpContext context, Func<Task> next)
    {
        switch (fault)
        {
            case null:
                await next();
                break;
            case FaultKind.StatusFault status:
                WriteStatus(context, status);
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"error\":\"fault {status.StatusCode}\"}}"), context.RequestAborted);
                break;
            case FaultKind.DelayFault delay:
                await Task.Delay(delay.Duration, context.RequestAborted);
                await next();
                break;
            case FaultKind.MalformedJsonFault:
                await FakeHubEndpoints.WriteJsonAsync(context, """{"id": "broken", "siblings": [{"rfilename": """u8.ToArray());
                break;
            case FaultKind.TruncatedBodyFault:
                await WriteTruncatedAsync(context, next);
                break;
            case FaultKind.ShortBodyFault:
                await WriteShortAsync(context, next);
                break;
            case FaultKind.ConnectionResetFault:
                context.Abort();
                break;
            case FaultKind.IgnoreRangeFault:
                context.Request.Headers.Remove("Range");
                await next();
                break;
            case FaultKind.LinkToSelfFault:
                context.Response.OnStarting(() =>
                {
                    if (context.Response.Headers.Link.Count > 0)
                    {
                        var request = context.Request;
                        context.Response.Headers.Link = $"<{request.Scheme}://{request.Host}{request.Path}{request.QueryString}>; rel=\"next\"";
                    }

                    return Task.CompletedTask;
                });
                await next();
                break;
            default:
                throw new InvalidOperationException($"Unknown fault {fault}.");
        }
    }

    private static void WriteStatus(HttpContext context, FaultKind.StatusFault status)
    {
        FakeHubEndpoints.SetError(context, status.StatusCode, status.ErrorCode, status.ErrorMessage);
        if (status.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        if (status.RateLimitReset is { } reset)
        {
            context.Response.Headers["RateLimit"] = $"\"api\";r=0;t={reset.ToString(CultureInfo.InvariantCulture)}";
            context.Response.Headers["RateLimit-Policy"] = "\"fixed window\";\"api\";q=500;w=300";
        }

        context.Response.ContentType = "application/json";
    }

    /// <summary>Produces the real answer in memory, then sends its headers, half its body, and cuts the connection.</summary>
    private static async Task WriteTruncatedAsync(HttpContext context, Func<Task> next)
    {
        var body = await RealAnswerAsync(context, next);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    }

    /// <summary>Produces the real answer in memory, then sends its headers and half its body as if that were all of it.</summary>
    private static async Task WriteShortAsync(HttpContext context, Func<Task> next)
    {
        var body = await RealAnswerAsync(context, next);
        context.Response.ContentLength = body.Length / 2;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
    }

    /// <summary>The body the Hub would have sent, produced in memory; the response's own body is left to write to.</summary>
    private static async Task<byte[]> RealAnswerAsync(HttpContext context, Func<Task> next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next();
        context.Response.Body = original;
        return buffer.ToArray();
    }
}
