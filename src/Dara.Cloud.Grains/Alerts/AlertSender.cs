using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// Posts alert payloads to a receiver, signed the way webhook receivers check them (GitHub's <c>X-Hub-Signature-256</c>
/// scheme): <c>X-Dara-Signature: sha256=&lt;hex HMAC-SHA256 of the body with the organization's secret&gt;</c>, with
/// <c>X-Dara-Event</c> and <c>X-Dara-Delivery</c> beside it. A network failure, a time-out, 408, 429 or a 5xx is tried
/// again with exponential back-off; any other answer is final. Redirects are not followed: a receiver that moved is
/// given its new address by an owner, not by whoever answers at the old one. One instance serves every organization.
/// </summary>
public sealed class AlertSender : IDisposable
{
    public const string SignatureHeader = "X-Dara-Signature";
    public const string EventHeader = "X-Dara-Event";
    public const string DeliveryHeader = "X-Dara-Delivery";

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> _once;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;

    public AlertSender(IOptions<AlertOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = _options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Dara.Cloud-Alerts/1.0");
        _pipeline = BuildPipeline(_options, _options.MaxAttempts);
        _once = BuildPipeline(_options, 1);
    }

    /// <summary>The signature header's value for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>
    /// Posts <paramref name="envelope"/>'s body to <paramref name="url"/>, trying again while that may help (unless
    /// <paramref name="retry"/> is false: a test someone waits on tries once), and says how it went.
    /// </summary>
    public async Task<AlertDelivery> SendAsync(AlertEnvelope envelope, string url, string secret, bool retry = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var signature = Sign(secret, envelope.Body);
        var attempts = 0;
        int? status = null;
        string? error;
        try
        {
            using var response = await (retry ? _pipeline : _once).ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(envelope.Body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    request.Headers.Add(SignatureHeader, signature);
                    request.Headers.Add(EventHeader, envelope.Event);
                    request.Headers.Add(DeliveryHeader, envelope.Id);
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                },
                cancellationToken);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"the receiver answered {status} {response.ReasonPhrase}".TrimEnd();
        }
        catch (TimeoutRejectedException)
        {
            error = $"no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            error = $"could not reach {HostOf(url)}: {e.Message}";
        }

        return new AlertDelivery(envelope.Id, envelope.Event, envelope.Model, envelope.Verdict, _time.GetUtcNow(), status, error, attempts);
    }

    public void Dispose() => _http.Dispose();

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(AlertOptions options, int attempts)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                // The answer that is tried again is not read: free its connection.
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;
}

/// <summary>One alert ready to send: its delivery id, event, what it is about, and the JSON body to sign and post.</summary>
public sealed record AlertEnvelope(string Id, string Event, string? Model, string? Verdict, byte[] Body);
