using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Registry.Polling;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Registry.Tests;

/// <summary>The poller against the fake Hub: new uploads between polls, 304s, paging, rate limits and bad answers.</summary>
public sealed class HubAuthorPollerTests : IAsyncLifetime
{
    private FakeHubServer _hub = null!;
    private HubClient _client = null!;
    private readonly Dictionary<string, string?> _seen = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        _client = Client(TimeSpan.FromSeconds(20));
    }

    /// <summary>Fast retries; the attempt timeout is generous except where a test wants a slow Hub to time out.</summary>
    private HubClient Client(TimeSpan timeout) => new(new HubClientOptions
    {
        Endpoint = _hub.Endpoint,
        Timeout = timeout,
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryAfter = TimeSpan.FromSeconds(2),
    });

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _hub.DisposeAsync();
    }

    private HubAuthorPoller Poller(int pageSize = 500) => new(_client, new HubAuthorPollerOptions { PageSize = pageSize });

    private bool IsKnown(HubModelRevision model) => _seen.TryGetValue(model.Id, out var sha) && sha == model.Sha;

    private void Remember(AuthorPoll poll)
    {
        foreach (var model in poll.Changed)
        {
            _seen[model.Id] = model.Sha;
        }
    }

    private void AddModel(string id) => _hub.AddModel(id, new Dictionary<string, byte[]> { ["config.json"] = "{\"model_type\": \"bert\"}"u8.ToArray() });

    [Fact]
    public async Task New_uploads_between_polls_are_found_and_an_unchanged_listing_costs_a_304()
    {
        AddModel("acme/one");
        AddModel("acme/two");
        AddModel("other/three");

        var first = await Poller().PollAsync("acme", null, IsKnown);
        Remember(first);
        Assert.False(first.NotModified);
        Assert.Equal(["acme/one", "acme/two"], first.Changed.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.NotNull(first.ETag);

        var unchanged = await Poller().PollAsync("acme", first.ETag, IsKnown);
        Assert.True(unchanged.NotModified);
        Assert.Empty(unchanged.Changed);
        Assert.Equal(first.ETag, unchanged.ETag);

        AddModel("acme/three");
        var touched = _hub.Touch("acme/one");
        var next = await Poller().PollAsync("acme", first.ETag, IsKnown);

        Assert.False(next.NotModified);
        Assert.Equal(["acme/one", "acme/three"], next.Changed.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(touched.Sha, next.Changed.Single(m => m.Id == "acme/one").Sha);
        Assert.NotEqual(first.ETag, next.ETag);
    }

    [Fact]
    public async Task Pages_are_followed_on_a_first_poll_and_paging_stops_at_a_page_with_nothing_new()
    {
        for (var i = 0; i < 25; i++)
        {
            AddModel($"acme/model-{i:D2}");
        }

        var first = await Poller(pageSize: 10).PollAsync("acme", null, IsKnown);
        Remember(first);
        Assert.Equal(25, first.Changed.Count);
        Assert.Equal(3, first.Pages);
        Assert.True(first.Complete);

        AddModel("acme/newest");
        var next = await Poller(pageSize: 10).PollAsync("acme", first.ETag, IsKnown);
        Assert.Equal(["acme/newest"], next.Changed.Select(m => m.Id));
        Assert.Equal(2, next.Pages);
    }

    [Fact]
    public async Task Without_an_etag_every_page_is_read_even_past_pages_already_seen()
    {
        for (var i = 0; i < 25; i++)
        {
            AddModel($"acme/model-{i:D2}");
        }

        var first = await Poller(pageSize: 10).PollAsync("acme", null, IsKnown);
        foreach (var model in first.Changed.Take(12))
        {
            _seen[model.Id] = model.Sha;
        }

        var resumed = await Poller(pageSize: 10).PollAsync("acme", null, IsKnown);

        Assert.Equal(13, resumed.Changed.Count);
        Assert.Equal(3, resumed.Pages);
        Assert.True(resumed.Complete);
    }

    [Fact]
    public async Task A_poll_asked_for_a_few_changes_stops_paging_and_says_it_is_incomplete()
    {
        for (var i = 0; i < 25; i++)
        {
            AddModel($"acme/model-{i:D2}");
        }

        var poll = await Poller(pageSize: 10).PollAsync("acme", null, IsKnown, maxChanges: 12);

        Assert.Equal(20, poll.Changed.Count);
        Assert.Equal(2, poll.Pages);
        Assert.False(poll.Complete);
        Assert.True((await Poller(pageSize: 10).PollAsync("acme", null, IsKnown, maxChanges: 25)).Complete);
    }

    [Fact]
    public async Task A_rate_limited_listing_waits_as_asked_and_succeeds()
    {
        AddModel("acme/one");
        _hub.Faults.Enqueue(FaultKind.TooManyRequests(retryAfter: 1), times: 1, pathContains: "/api/models");

        // The attempt timeout is not under test: minutes, so a loaded machine (CI runs assemblies side by side) can
        // never time an attempt out. Only a lower bound on the time is asserted; slowness cannot fail the test.
        using var patient = Client(TimeSpan.FromMinutes(2));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var poll = await new HubAuthorPoller(patient, new HubAuthorPollerOptions()).PollAsync("acme", null, IsKnown);
        clock.Stop();

        Assert.Single(poll.Changed);
        Assert.Equal(2, _hub.Requests.Count(r => r.Path == "/api/models"));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"The retry came {clock.Elapsed.TotalMilliseconds:N0} ms in, before the 1 s Retry-After.");
    }

    [Fact]
    public async Task A_hub_answering_5xx_past_the_retries_fails_the_poll_with_the_status()
    {
        AddModel("acme/one");
        _hub.Faults.Enqueue(FaultKind.ServerError, times: FaultInjector.Always, pathContains: "/api/models");

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => Poller().PollAsync("acme", null, IsKnown));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_of_a_Hub_that_cannot_be_reached_fails_at_once_saying_so()
    {
        // Production's retries (5, backing off from 1 s: 15 s or more in all) against a port nothing listens on. "Poll
        // now" waits on this; a refused connection is not retried, so it hears at once, and the next poll tries again.
        using var unreachable = new HubClient(new HubClientOptions { Endpoint = ClosedPort.Endpoint() });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => new HubAuthorPoller(unreachable).PollAsync("acme", null, IsKnown));

        Assert.StartsWith("Hub listing /api/models?author=acme", error.File, StringComparison.Ordinal);
        Assert.Matches(@"^could not reach the Hub at 127\.0\.0\.1:\d+: Connection refused .*\(1 attempt; a Hub that cannot be reached is not retried\)$", error.Problem);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The poll took {clock.Elapsed.TotalSeconds:N1} s to fail.");
    }

    [Fact]
    public async Task A_slow_hub_times_out_and_a_malformed_listing_is_refused()
    {
        AddModel("acme/one");
        _hub.Faults.Enqueue(FaultKind.Delay(TimeSpan.FromSeconds(30)), times: 3, pathContains: "/api/models");
        using var impatient = Client(TimeSpan.FromMilliseconds(300));
        var slow = await Assert.ThrowsAsync<HubUnavailableException>(() => new HubAuthorPoller(impatient).PollAsync("acme", null, IsKnown));
        Assert.Contains("did not answer", slow.Message, StringComparison.Ordinal);

        _hub.Faults.Clear();
        _hub.Faults.Enqueue(FaultKind.MalformedJson, times: 1, pathContains: "/api/models");
        await Assert.ThrowsAsync<ArtifactException>(() => Poller().PollAsync("acme", null, IsKnown));
    }

    [Fact]
    public async Task A_listing_whose_cursor_never_advances_stops_at_the_repeated_page_and_reports_each_model_once()
    {
        AddModel("loop/one");
        AddModel("loop/two");
        AddModel("loop/three");
        _hub.Faults.Enqueue(FaultKind.LinkToSelf, times: FaultInjector.Always, pathContains: "/api/models");
        var poller = new HubAuthorPoller(_client, new HubAuthorPollerOptions { PageSize = 2, MaxPages = 50 });

        var poll = await poller.PollAsync("loop", null, IsKnown);

        Assert.Equal(["loop/three", "loop/two"], poll.Changed.Select(model => model.Id));
        Assert.False(poll.Complete);
        Assert.True(poll.Pages <= 2, $"{poll.Pages} pages read");
    }
}
