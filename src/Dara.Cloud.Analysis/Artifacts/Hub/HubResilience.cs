using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// huggingface_hub's <c>http_backoff</c> policy as a Polly pipeline: retry 408, 429, 500, 502, 503, 504, timeouts and
/// connections that break with exponential back-off and jitter; on a 429 whose <c>RateLimit</c> header says the quota
/// is spent (<c>r=0</c>) wait until the reset <c>t</c> + 1 s, else honour <c>Retry-After</c> (integer seconds) + 1 s.
/// Each attempt has its own timeout. A Hub that cannot be reached at all (<see cref="IsUnreachable"/>) is not retried:
/// back-off would only delay the answer by the sum of its delays (15–20 s by default) before saying the same.
/// </summary>
internal static partial class HubResilience
{
    private static readonly TimeSpan s_serverDelayMargin = TimeSpan.FromSeconds(1);

    public static ResiliencePipeline Build(HubClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HubTransientStatusException>()
                    .Handle<HttpRequestException>(e => !IsUnreachable(e))
                    .Handle<IOException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<TimeoutException>(),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is HubTransientStatusException { ServerDelay: { } serverDelay }
                        ? (TimeSpan?)Min(serverDelay + s_serverDelayMargin, options.MaxRetryAfter)
                        : null),
            });
        }

        return builder.AddTimeout(options.Timeout).Build();
    }

    /// <summary>
    /// True when no connection to the Hub could be made at all: its host name does not resolve, or nothing accepts the
    /// connection (refused, no route to the host or its network, or no answer within the connect timeout). Seconds later the answer is almost always the same,
    /// so it is not retried; whoever asked hears it at once, and a background poll tries again at its next tick. A
    /// connection that was made and then broke, and a status the Hub answered, are retried as before.
    /// </summary>
    public static bool IsUnreachable(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => true,
            HttpRequestError.ConnectionError => exception.InnerException is SocketException
            {
                SocketErrorCode: SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown
                    or SocketError.HostNotFound or SocketError.NoData,
            },
            _ => false,
        };
    }

    /// <summary>True for the statuses huggingface_hub retries.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The wait the server asks for, without the safety margin: the rate-limit reset on a spent 429, else <c>Retry-After</c>.</summary>
    public static TimeSpan? ServerDelay(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests
            && response.Headers.TryGetValues("RateLimit", out var rateLimits)
            && string.Join(',', rateLimits) is var rateLimit
            && RemainingPattern().Match(rateLimit) is { Success: true } remaining
            && remaining.Groups[1].Value.TrimStart('0').Length == 0
            && ResetPattern().Match(rateLimit) is { Success: true } reset
            && int.TryParse(reset.Groups[1].Value, out var resetSeconds))
        {
            return TimeSpan.FromSeconds(resetSeconds);
        }

        // Only the delta-seconds form: huggingface_hub ignores the HTTP-date form, and so do we.
        return response.Headers.RetryAfter?.Delta is { } delta && delta >= TimeSpan.Zero ? delta : null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [GeneratedRegex(@"\br=(\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RemainingPattern();

    [GeneratedRegex(@"\bt=(\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ResetPattern();
}
