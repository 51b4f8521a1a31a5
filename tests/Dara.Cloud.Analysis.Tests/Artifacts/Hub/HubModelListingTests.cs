using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>Listing an author's models page by page, and polling for changes with ETags.</summary>
public sealed class HubModelListingTests : IAsyncLifetime
{
    private FakeHubServer _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        for (var i = 1; i <= 7; i++)
        {
            _hub.AddModel($"acme/model-{i}", new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        }

        _hub.AddModel("other/model", new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task All_pages_are_followed_through_the_Link_header_newest_first()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var models = await client.ListModelsAsync(new HubModelQuery { Author = "acme", PageSize = 3 }).ToListAsync();

        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => $"acme/model-{i}"), models.Select(model => model.Id));
        Assert.Equal(3, _hub.Requests.Count);
        Assert.Contains("author=acme", _hub.Requests[0].Query, StringComparison.Ordinal);
        Assert.Contains("sort=lastModified&direction=-1&limit=3&full=true", _hub.Requests[0].Query, StringComparison.Ordinal);
        Assert.All(models, model => Assert.Equal(["config.json"], model.Siblings.Select(sibling => sibling.Path)));
    }

    [Fact]
    public async Task MaxResults_stops_the_listing_early()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        var models = await client.ListModelsAsync(new HubModelQuery { Author = "acme", PageSize = 2, MaxResults = 3 }).ToListAsync();

        Assert.Equal(["acme/model-7", "acme/model-6", "acme/model-5"], models.Select(model => model.Id));
        Assert.Equal(2, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_poll_with_the_last_ETag_is_not_modified_until_a_new_upload()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        var query = new HubModelQuery { Author = "acme", PageSize = 5 };

        var first = await client.GetModelPageAsync(query);
        var unchanged = await client.GetModelPageAsync(query, first.ETag);
        _hub.AddModel("acme/brand-new", new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        var changed = await client.GetModelPageAsync(query, first.ETag);

        Assert.NotNull(first.ETag);
        Assert.NotNull(first.NextPage);
        Assert.True(unchanged.NotModified);
        Assert.Empty(unchanged.Models);
        Assert.Equal(first.ETag, unchanged.ETag);
        Assert.False(changed.NotModified);
        Assert.Equal("acme/brand-new", changed.Models[0].Id);
        Assert.NotEqual(first.ETag, changed.ETag);
        Assert.Equal(first.ETag, _hub.Requests[1].IfNoneMatch);
    }

    [Fact]
    public async Task An_updated_model_moves_to_the_top_with_a_new_sha()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        var before = _hub.FindModel("acme/model-2")!;

        _hub.AddFile("acme/model-2", "README.md", "---\npipeline_tag: fill-mask\n---\n"u8.ToArray());
        var newest = await client.ListModelsAsync(new HubModelQuery { Author = "acme", MaxResults = 1 }).SingleAsync();

        Assert.Equal("acme/model-2", newest.Id);
        Assert.NotEqual(before.Sha, newest.Sha);
        Assert.True(newest.LastModified > before.LastModified);
        Assert.Equal("fill-mask", newest.PipelineTag);
    }

    [Fact]
    public async Task A_page_address_on_another_server_is_refused_without_sending_anything()
    {
        using var client = new HubClient(FastRetries.For(_hub) with { Token = "hf_secret" });

        var error = await Assert.ThrowsAsync<ArtifactException>(() => client.GetModelPageAsync(new Uri("http://127.0.0.2:9/api/models?cursor=x")));

        Assert.Contains("not on the Hub", error.Problem, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task A_listing_that_is_not_an_array_is_a_clear_error()
    {
        _hub.Faults.Enqueue(FaultKind.MalformedJson);
        using var client = new HubClient(FastRetries.For(_hub));

        var error = await Assert.ThrowsAsync<ArtifactException>(() => client.GetModelPageAsync(new HubModelQuery { Author = "acme" }));

        Assert.StartsWith("Hub listing /api/models?author=acme", error.File, StringComparison.Ordinal);
        Assert.StartsWith("the Hub answered with malformed JSON", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": "acme/m", "author": "\ud800"}""")]
    [InlineData("""[{"id": "acme/\udc00m"}]""")]
    public void Hub_text_escaping_half_a_surrogate_pair_is_a_clear_error(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);

        var error = Assert.Throws<ArtifactException>(() => json.StartsWith('[')
            ? HubModelInfoParser.ParseModelList(bytes, "acme")
            : [HubModelInfoParser.ParseModel(bytes, "acme/m")]);

        Assert.StartsWith("the Hub answered with malformed JSON", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_next_page_link_back_to_a_page_already_read_ends_the_listing_with_a_clear_error()
    {
        _hub.Faults.Enqueue(FaultKind.LinkToSelf, times: FaultInjector.Always, pathContains: "/api/models");
        using var client = new HubClient(FastRetries.For(_hub));

        var models = new List<string>();
        var error = await Assert.ThrowsAsync<ArtifactException>(async () =>
        {
            await foreach (var model in client.ListModelsAsync(new HubModelQuery { PageSize = 2 }))
            {
                models.Add(model.Id);
            }
        });

        Assert.Contains("leads back to a page already read", error.Problem, StringComparison.Ordinal);
        Assert.Equal(2, models.Count);
        Assert.Single(_hub.Requests);
    }
}
