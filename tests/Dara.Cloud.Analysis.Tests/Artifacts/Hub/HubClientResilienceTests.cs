using System.Diagnostics;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>How the client copes with a Hub that throttles, fails, stalls or answers garbage.</summary>
public sealed class HubClientResilienceTests : IAsyncLifetime
{
    private const string ModelId = "acme/tiny-bert";
    private static readonly byte[] s_config = """{"model_type":"bert","architectures":["BertModel"]}"""u8.ToArray();
    private FakeHubServer _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        _hub.AddModel(ModelId, new Dictionary<string, byte[]> { ["config.json"] = s_config });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_then_succeeds()
    {
        _hub.Faults.Enqueue(FaultKind.TooManyRequests(retryAfter: 30), pathContains: "/api/models/");
        using var client = new HubClient(FastRetries.For(_hub));
        var clock = Stopwatch.StartNew();

        var info = await client.GetModelInfoAsync(ModelId);

        Assert.Equal(ModelId, info.Id);
        Assert.Equal(2, _hub.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "Retry-After is capped by MaxRetryAfter in tests");
    }

    [Fact]
    public async Task A_spent_rate_limit_quota_is_waited_for_and_retried()
    {
        _hub.Faults.Enqueue(FaultKind.TooManyRequests(rateLimitReset: 120), times: 2);
        using var client = new HubClient(FastRetries.For(_hub));

        var bytes = await client.DownloadFileAsync(ModelId, "main", "config.json", 1024);

        Assert.Equal(s_config, bytes);
        Assert.Equal(3, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_503_is_retried()
    {
        _hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: 2);
        using var client = new HubClient(FastRetries.For(_hub));

        var info = await client.GetModelInfoAsync(ModelId);

        Assert.Equal(_hub.FindModel(ModelId)!.Sha, info.Sha);
        Assert.Equal(3, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_persistent_500_gives_a_clear_error_after_the_last_retry()
    {
        _hub.Faults.Enqueue(FaultKind.ServerError, FaultInjector.Always);
        using var client = new HubClient(FastRetries.For(_hub, maxRetries: 3));

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.GetModelInfoAsync(ModelId));

        Assert.Equal($"hf:{ModelId}", error.File);
        Assert.Equal("the Hub answered 500 Internal Server Error (after 4 attempts)", error.Problem);
        Assert.Equal(4, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_stalled_answer_hits_the_attempt_timeout_and_gives_a_clear_error()
    {
        _hub.Faults.Enqueue(FaultKind.Delay(TimeSpan.FromSeconds(30)), FaultInjector.Always);
        using var client = new HubClient(FastRetries.For(_hub, maxRetries: 1) with { Timeout = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.DownloadFileAsync(ModelId, "main", "config.json", 1024));

        Assert.Equal("config.json", error.File);
        Assert.Matches(@"^the Hub at 127\.0\.0\.1:\d+ did not answer within 0\.3 s \(after 2 attempts\)$", error.Problem);
        Assert.Equal(2, _hub.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Malformed_JSON_gives_a_clear_error_without_retrying()
    {
        _hub.Faults.Enqueue(FaultKind.MalformedJson);
        using var client = new HubClient(FastRetries.For(_hub));

        var error = await Assert.ThrowsAsync<ArtifactException>(() => client.GetModelInfoAsync(ModelId));

        Assert.StartsWith("the Hub answered with malformed JSON", error.Problem, StringComparison.Ordinal);
        Assert.Single(_hub.Requests);
    }

    [Fact]
    public async Task A_body_cut_off_midway_is_retried()
    {
        _hub.Faults.Enqueue(FaultKind.TruncatedBody, pathContains: "/resolve/");
        using var client = new HubClient(FastRetries.For(_hub));

        var bytes = await client.DownloadFileAsync(ModelId, "main", "config.json", 1024);

        Assert.Equal(s_config, bytes);
        Assert.Equal(2, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_reset_connection_is_retried_and_a_persistent_one_reported()
    {
        _hub.Faults.Enqueue(FaultKind.ConnectionReset);
        using var client = new HubClient(FastRetries.For(_hub, maxRetries: 2));

        var info = await client.GetModelInfoAsync(ModelId);
        _hub.Faults.Enqueue(FaultKind.ConnectionReset, FaultInjector.Always);
        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.GetModelInfoAsync(ModelId));

        Assert.Equal(ModelId, info.Id);
        Assert.StartsWith("could not reach the Hub at 127.0.0.1:", error.Problem, StringComparison.Ordinal);
        Assert.EndsWith("(after 3 attempts)", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_reported_as_such()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var error = await Assert.ThrowsAsync<ArtifactException>(() => client.DownloadFileAsync(ModelId, "main", "model.safetensors", 1024));

        Assert.Equal("model.safetensors: no such file in hf:acme/tiny-bert@main", error.Message);
        Assert.Single(_hub.Requests);
    }

    [Fact]
    public async Task Missing_models_and_revisions_are_reported_as_such()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var model = await Assert.ThrowsAsync<HubRepoNotFoundException>(() => client.GetModelInfoAsync("acme/nothing"));
        var revision = await Assert.ThrowsAsync<ArtifactException>(() => client.GetModelInfoAsync(ModelId, "v9"));

        Assert.Equal("hf:acme/nothing: no such model on the Hub, or it is private or gated and no valid token was given", model.Message);
        Assert.Equal($"hf:{ModelId}: the Hub has no revision 'v9' of this model", revision.Message);
    }

    [Fact]
    public async Task A_gated_model_says_how_to_get_access()
    {
        _hub.Faults.Enqueue(FaultKind.Status(403, "GatedRepo", "Access to model acme/tiny-bert is restricted."));
        using var client = new HubClient(FastRetries.For(_hub));

        var error = await Assert.ThrowsAsync<ArtifactException>(() => client.DownloadFileAsync(ModelId, "main", "config.json", 1024));

        Assert.Equal($"hf:{ModelId}", error.File);
        Assert.Contains("gated model", error.Problem, StringComparison.Ordinal);
        Assert.Contains("HF_TOKEN", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_cap_is_refused_by_its_Content_Length()
    {
        _hub.AddFile(ModelId, "tokenizer.json", new byte[5000]);
        using var client = new HubClient(FastRetries.For(_hub));
        var statistics = new ReadStatistics();

        var error = await Assert.ThrowsAsync<ArtifactException>(() => client.DownloadFileAsync(ModelId, "main", "tokenizer.json", 4096, statistics));

        Assert.Equal("tokenizer.json", error.File);
        Assert.Contains("5,000 bytes, more than the 4,096-byte limit", error.Problem, StringComparison.Ordinal);
        Assert.Equal(0, statistics.BytesRead);
    }

    [Fact]
    public async Task A_ranged_answer_shorter_than_its_Content_Range_is_retried_not_taken_for_the_end_of_the_file()
    {
        _hub.Faults.Enqueue(FaultKind.ShortBody, pathContains: "/resolve/");
        using var client = new HubClient(FastRetries.For(_hub));

        var read = await client.DownloadRangeAsync(ModelId, "main", "config.json", 0, s_config.Length);

        Assert.Equal(s_config, read.Bytes.ToArray());
        Assert.Equal(2, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_ranged_answer_always_shorter_than_its_Content_Range_is_reported_after_the_retries()
    {
        _hub.Faults.Enqueue(FaultKind.ShortBody, times: FaultInjector.Always, pathContains: "/resolve/");
        using var client = new HubClient(FastRetries.For(_hub));

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => client.DownloadRangeAsync(ModelId, "main", "config.json", 0, s_config.Length));

        Assert.Contains("ended after", error.Problem, StringComparison.Ordinal);
    }
}
