namespace Dara.Cloud.Testing.FakeHub;

/// <summary>A misbehaviour the fake Hub can put on a request, to test how clients cope with a real Hub's bad days.</summary>
public abstract record FaultKind
{
    /// <summary>500 Internal Server Error.</summary>
    public static FaultKind ServerError { get; } = Status(500);

    /// <summary>503 Service Unavailable.</summary>
    public static FaultKind ServiceUnavailable { get; } = Status(503);

    /// <summary>200 with <c>application/json</c> that stops in the middle of an object.</summary>
    public static FaultKind MalformedJson { get; } = new MalformedJsonFault();

    /// <summary>The real answer's headers with its full <c>Content-Length</c>, half its body, then the connection is cut.</summary>
    public static FaultKind TruncatedBody { get; } = new TruncatedBodyFault();

    /// <summary>
    /// The real answer's headers (a 206 keeps its <c>Content-Range</c>) but only half its body, with a
    /// <c>Content-Length</c> that matches the half: a well-formed answer that holds less than it says.
    /// </summary>
    public static FaultKind ShortBody { get; } = new ShortBodyFault();

    /// <summary>The connection is cut before any answer.</summary>
    public static FaultKind ConnectionReset { get; } = new ConnectionResetFault();

    /// <summary>The request's <c>Range</c> header is ignored: a 200 with the whole file, as some servers and proxies do.</summary>
    public static FaultKind IgnoreRange { get; } = new IgnoreRangeFault();

    /// <summary>
    /// The normal answer, but a <c>Link: rel="next"</c> it carries points back at the request itself, as a listing whose
    /// cursor never advances would (answers without a <c>Link</c> are left alone).
    /// </summary>
    public static FaultKind LinkToSelf { get; } = new LinkToSelfFault();

    /// <summary>429 Too Many Requests, optionally with <c>Retry-After</c> and/or a spent <c>RateLimit</c> quota resetting in the given seconds.</summary>
    public static FaultKind TooManyRequests(int? retryAfter = null, int? rateLimitReset = null) =>
        new StatusFault(429, null, null, retryAfter, rateLimitReset);

    /// <summary>Any status, optionally with the Hub's <c>X-Error-Code</c> and <c>X-Error-Message</c> headers.</summary>
    public static FaultKind Status(int statusCode, string? errorCode = null, string? errorMessage = null) =>
        new StatusFault(statusCode, errorCode, errorMessage, null, null);

    /// <summary>Waits before answering normally (honours the client hanging up).</summary>
    public static FaultKind Delay(TimeSpan delay) => new DelayFault(delay);

    internal sealed record StatusFault(int StatusCode, string? ErrorCode, string? ErrorMessage, int? RetryAfter, int? RateLimitReset) : FaultKind;

    internal sealed record DelayFault(TimeSpan Duration) : FaultKind;

    internal sealed record MalformedJsonFault : FaultKind;

    internal sealed record TruncatedBodyFault : FaultKind;

    internal sealed record ConnectionResetFault : FaultKind;

    internal sealed record IgnoreRangeFault : FaultKind;

    internal sealed record LinkToSelfFault : FaultKind;

    internal sealed record ShortBodyFault : FaultKind;
}
