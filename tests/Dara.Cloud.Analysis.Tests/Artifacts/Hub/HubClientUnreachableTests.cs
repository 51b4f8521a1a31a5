using System.Net.Sockets;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>
/// A Hub that cannot be reached at all (nothing listening, a host name that does not resolve) is reported after one
/// attempt, under the production retry policy (5 retries, back-off from 1 s) that would otherwise wait 15-20 s first.
/// </summary>
public sealed class HubClientUnreachableTests
{
    private const string ModelId = "acme/tiny-bert";

    // Production's retry policy: what the portal's check and the watcher's "Poll now" run under.
    private static readonly HubClientOptions s_production = new();

    [Fact]
    public async Task A_refused_connection_is_reported_at_once_without_retries()
    {
        var endpoint = ClosedPort.Endpoint();
        var attempts = new CountingHandler();
        using var http = new HttpClient(attempts) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new HubClient(s_production with { Endpoint = endpoint }, http);

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.GetModelInfoAsync(ModelId));

        Assert.Equal(1, attempts.Sent);
        Assert.Equal($"hf:{ModelId}", error.File);
        Assert.Equal(
            $"could not reach the Hub at {endpoint.Authority}: Connection refused ({endpoint.Authority}) (1 attempt; a Hub that cannot be reached is not retried)",
            error.Problem);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_reported_at_once_without_retries()
    {
        // .invalid never resolves (RFC 6761).
        var attempts = new CountingHandler();
        using var http = new HttpClient(attempts) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new HubClient(s_production with { Endpoint = new Uri("http://hub.invalid") }, http);

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.DownloadFileAsync(ModelId, "main", "config.json", 1024));

        Assert.Equal(1, attempts.Sent);
        Assert.StartsWith("could not reach the Hub at hub.invalid: ", error.Problem, StringComparison.Ordinal);
        Assert.EndsWith("(1 attempt; a Hub that cannot be reached is not retried)", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_it_creates_itself_gives_up_on_a_refused_connection_well_before_its_back_off_would_end()
    {
        // No handler of the test's: the client's own. Its 5 retries would back off 1 + 2 + 4 + 8 + 8 s (with jitter,
        // 15 s or more) before answering; a bound far above one attempt and far below that cannot be met by retrying.
        using var client = new HubClient(s_production with { Endpoint = ClosedPort.Endpoint() });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.GetModelPageAsync(new HubModelQuery { Author = "acme" }));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Reporting a refused connection took {clock.Elapsed.TotalSeconds:N1} s.");
        Assert.Contains("Connection refused", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Hub_that_never_answers_the_connection_is_given_up_after_the_connect_timeout_without_retries()
    {
        // Packets dropped, nothing refused: before the connect timeout, each of the 6 attempts waited out the whole
        // attempt timeout (30 s in production) and back-off came on top.
        using var silent = new SilentPort();
        var options = s_production with { Endpoint = silent.Endpoint, ConnectTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = new HubClient(options);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.GetModelInfoAsync(ModelId));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Giving up on a silent Hub took {clock.Elapsed.TotalSeconds:N1} s.");
        Assert.Equal(
            $"could not reach the Hub at {silent.Endpoint.Authority}: No answer to the connection within 0.3 s ({silent.Endpoint.Authority}) (1 attempt; a Hub that cannot be reached is not retried)",
            error.Problem);
    }

    [Fact]
    public async Task A_caller_who_cancels_while_connecting_hears_a_cancellation_not_an_unreachable_Hub()
    {
        using var silent = new SilentPort();
        using var client = new HubClient(s_production with { Endpoint = silent.Endpoint });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetModelInfoAsync(ModelId, cancellationToken: cancel.Token));
    }

    [Fact]
    public void A_connect_timeout_that_is_not_positive_is_refused() =>
        Assert.Throws<ArgumentException>(() => new HubClient(s_production with { ConnectTimeout = TimeSpan.Zero }));

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, SocketError.HostNotFound, true)]
    [InlineData(HttpRequestError.NameResolutionError, SocketError.TryAgain, true)]
    [InlineData(HttpRequestError.ConnectionError, SocketError.ConnectionRefused, true)]
    [InlineData(HttpRequestError.ConnectionError, SocketError.HostUnreachable, true)]
    [InlineData(HttpRequestError.ConnectionError, SocketError.NetworkUnreachable, true)]
    [InlineData(HttpRequestError.ConnectionError, SocketError.ConnectionReset, false)]
    [InlineData(HttpRequestError.ConnectionError, SocketError.TimedOut, true)]
    [InlineData(HttpRequestError.ResponseEnded, SocketError.ConnectionReset, false)]
    [InlineData(HttpRequestError.Unknown, SocketError.ConnectionRefused, false)]
    public void Only_a_Hub_that_cannot_be_reached_at_all_counts_as_unreachable(HttpRequestError error, SocketError socket, bool unreachable) =>
        Assert.Equal(unreachable, HubResilience.IsUnreachable(new HttpRequestException(error, "failed", new SocketException((int)socket))));

    /// <summary>The client's requests, counted on their way to a real socket handler.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        private int _sent;

        public int Sent => _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
