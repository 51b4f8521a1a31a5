using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>What the client sends: tokens, user agent, ranges, URL encoding.</summary>
public sealed class HubClientRequestTests : IAsyncLifetime
{
    private const string ModelId = "acme/ranges";
    private static readonly byte[] s_weights = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
    private FakeHubServer _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty with { RequiredToken = null });
        _hub.AddModel(ModelId, new Dictionary<string, byte[]>
        {
            ["model.safetensors"] = s_weights,
            ["sub folder/notes #1.txt"] = "hello"u8.ToArray(),
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Each_ranged_read_is_exactly_one_range_request()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var first = await client.DownloadRangeAsync(ModelId, "main", "model.safetensors", 0, 8);
        var second = await client.DownloadRangeAsync(ModelId, "main", "model.safetensors", 1000, 24);

        Assert.Equal(s_weights[..8], first.Bytes.ToArray());
        Assert.Equal(s_weights[1000..1024], second.Bytes.ToArray());
        Assert.Equal(4096, first.TotalLength);
        Assert.Equal(["bytes=0-7", "bytes=1000-1023"], _hub.Requests.Select(request => request.Range));
        Assert.All(_hub.Requests, request => Assert.True(request.IsResolve));
    }

    [Fact]
    public async Task A_range_past_the_end_returns_what_is_there_and_one_beyond_it_returns_nothing()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var tail = await client.DownloadRangeAsync(ModelId, "main", "model.safetensors", 4090, 100);
        var beyond = await client.DownloadRangeAsync(ModelId, "main", "model.safetensors", 5000, 100);

        Assert.Equal(s_weights[4090..], tail.Bytes.ToArray());
        Assert.Equal(0, beyond.Bytes.Length);
        Assert.Equal(4096, beyond.TotalLength);
    }

    [Fact]
    public async Task A_server_ignoring_Range_is_read_only_up_to_the_wanted_bytes()
    {
        _hub.Faults.Enqueue(FaultKind.IgnoreRange);
        using var client = new HubClient(FastRetries.For(_hub));
        var statistics = new ReadStatistics();

        var read = await client.DownloadRangeAsync(ModelId, "main", "model.safetensors", 100, 50, statistics);

        Assert.Equal(s_weights[100..150], read.Bytes.ToArray());
        Assert.Equal(4096, read.TotalLength);
        Assert.Equal(150, statistics.BytesRead);
    }

    [Fact]
    public async Task A_server_ignoring_Range_is_refused_when_reaching_the_bytes_would_pass_the_limit()
    {
        _hub.Faults.Enqueue(FaultKind.IgnoreRange);
        using var client = new HubClient(FastRetries.For(_hub) with { MaxBytesWithoutRange = 1000 });

        var error = await Assert.ThrowsAsync<ArtifactException>(() => client.DownloadRangeAsync(ModelId, "main", "model.safetensors", 2000, 8));

        Assert.Contains("ignored the Range request", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_are_encoded_segment_by_segment()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var bytes = await client.DownloadFileAsync(ModelId, "main", "sub folder/notes #1.txt", 100);

        Assert.Equal("hello"u8.ToArray(), bytes);
        Assert.Equal($"/{ModelId}/resolve/main/sub folder/notes #1.txt", _hub.Requests.Single().Path);
    }

    [Fact]
    public async Task Every_request_carries_the_dara_user_agent_and_no_token_unless_configured()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        await client.GetModelInfoAsync(ModelId);
        await client.DownloadFileAsync(ModelId, "main", "sub folder/notes #1.txt", 100);

        Assert.All(_hub.Requests, request =>
        {
            Assert.StartsWith("dara/", request.UserAgent, StringComparison.Ordinal);
            Assert.Null(request.Authorization);
        });
    }

    [Fact]
    public async Task A_configured_token_is_sent_as_a_bearer_token()
    {
        await using var hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty with { RequiredToken = "hf_secret" });
        hub.AddModel(ModelId, new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        using var client = new HubClient(FastRetries.For(hub) with { Token = "hf_secret" });

        var info = await client.GetModelInfoAsync(ModelId);
        var config = await client.DownloadRangeAsync(ModelId, info.Sha!, "config.json", 0, 2);

        Assert.Equal("{}"u8.ToArray(), config.Bytes.ToArray());
        Assert.All(hub.Requests, request => Assert.Equal("Bearer hf_secret", request.Authorization));
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_reported_clearly()
    {
        await using var hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty with { RequiredToken = "hf_secret" });
        hub.AddModel(ModelId, new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        using var anonymous = new HubClient(FastRetries.For(hub));
        using var wrong = new HubClient(FastRetries.For(hub) with { Token = "hf_wrong" });

        var withoutToken = await Assert.ThrowsAsync<HubRepoNotFoundException>(() => anonymous.GetModelInfoAsync(ModelId));
        var withWrongToken = await Assert.ThrowsAsync<ArtifactException>(() => wrong.GetModelInfoAsync(ModelId));

        Assert.Contains("no valid token was given", withoutToken.Problem, StringComparison.Ordinal);
        Assert.Equal("the Hub refused the token (invalid credentials in the Authorization header)", withWrongToken.Problem);
    }

    [Fact]
    public async Task A_revision_with_slashes_is_percent_encoded_whole()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        await Assert.ThrowsAsync<ArtifactException>(() => client.GetModelInfoAsync(ModelId, "refs/pr/1"));

        Assert.Equal($"/api/models/{ModelId}/revision/refs%2Fpr%2F1", _hub.Requests.Single().Path);
    }

    [Fact]
    public async Task A_renamed_private_model_is_read_under_its_old_id_with_the_token_kept_through_the_redirect()
    {
        await using var hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty with { RequiredToken = "hf_secret" });
        hub.AddModel("acme/old-name", new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        var renamed = hub.RenameModel("acme/old-name", "acme/new-name");
        using var client = new HubClient(FastRetries.For(hub) with { Token = "hf_secret" });

        var info = await client.GetModelInfoAsync("acme/old-name");
        var config = await client.DownloadFileAsync("acme/old-name", renamed.Sha, "config.json", 1024);

        Assert.Equal("acme/new-name", info.Id);
        Assert.Equal("{}"u8.ToArray(), config);
        Assert.Contains(hub.Requests, request => request.Path == "/acme/new-name/resolve/" + renamed.Sha + "/config.json");
        Assert.All(hub.Requests, request => Assert.Equal("Bearer hf_secret", request.Authorization));
    }
}
