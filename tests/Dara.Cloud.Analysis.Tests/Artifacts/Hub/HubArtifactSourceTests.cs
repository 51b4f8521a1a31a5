using System.Security.Cryptography;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

public sealed class HubArtifactSourceTests : IAsyncLifetime
{
    private const string ModelId = "acme/tiny-llama";
    private static readonly byte[] s_config = """{"model_type":"llama","architectures":["LlamaForCausalLM"]}"""u8.ToArray();
    private static readonly byte[] s_weights = Enumerable.Range(0, 3000).Select(i => (byte)(i % 253)).ToArray();
    private FakeHubServer _hub = null!;
    private FakeHubModel _model = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        _model = _hub.AddModel(ModelId, new Dictionary<string, byte[]>
        {
            ["config.json"] = s_config,
            ["model.safetensors"] = s_weights,
            ["README.md"] = "---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: text-generation\ntags:\n- llama\n- tiny\n---\n# Tiny\n"u8.ToArray(),
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Opening_reads_the_model_info_and_pins_its_commit()
    {
        using var client = new HubClient(FastRetries.For(_hub));

        await using var source = await HubArtifactSource.OpenAsync(client, ModelId);

        Assert.Equal(ModelId, source.RepoId);
        Assert.Equal(_model.Sha, source.Revision);
        Assert.Equal($"hf:{ModelId}@main", source.Description);
        Assert.Equal("llama", source.ModelInfo.Config?.ModelType);
        Assert.Equal(["LlamaForCausalLM"], source.ModelInfo.Config?.Architectures);
        Assert.Equal("text-generation", source.ModelInfo.PipelineTag);
        Assert.Equal("transformers", source.ModelInfo.LibraryName);
        Assert.Equal(["llama", "tiny"], source.ModelInfo.Tags);
        Assert.Equal("apache-2.0", source.ModelInfo.CardData?.GetProperty("license").GetString());
        Assert.Equal("/api/models/acme/tiny-llama?blobs=true", _hub.Requests.Single().Path + _hub.Requests.Single().Query);
    }

    [Fact]
    public async Task The_listing_comes_from_the_siblings_with_LFS_sizes_and_hashes()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, ModelId);

        var entries = await source.ListAsync();

        Assert.Equal(
            [
                new ArtifactEntry("README.md", _model.FindFile("README.md")!.Size),
                new ArtifactEntry("config.json", s_config.Length),
                new ArtifactEntry("model.safetensors", 3000, Convert.ToHexStringLower(SHA256.HashData(s_weights))),
            ],
            entries);
        Assert.Single(_hub.Requests);
    }

    [Fact]
    public async Task Reads_use_the_pinned_commit_and_are_counted()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, ModelId);

        var config = await source.ReadAllAsync("config.json", 1024);
        var range = await source.ReadRangeAsync("model.safetensors", 8, 16);

        Assert.Equal(s_config, config);
        Assert.Equal(s_weights[8..24], range.Bytes.ToArray());
        Assert.Equal(3000, range.TotalLength);
        Assert.Equal(s_config.Length + 16, source.Statistics.BytesRead);
        Assert.Equal(2, source.Statistics.Reads);
        Assert.All(_hub.Requests.Skip(1), request => Assert.StartsWith($"/{ModelId}/resolve/{_model.Sha}/", request.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_that_is_gone_is_reported_when_read()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, ModelId);
        _hub.Touch(ModelId);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("config.json", 1024));

        Assert.Equal($"hf:{ModelId}: the Hub has no revision '{_model.Sha}' of this model", error.Message);
    }

    [Fact]
    public async Task Bad_paths_are_refused_before_any_request()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, ModelId);
        _hub.ClearRequests();

        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("../other/config.json", 1024));
        await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync("/etc/passwd", 0, 8));

        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task Inspecting_while_the_hub_fails_reports_the_outage_not_a_model_without_its_config()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, ModelId);
        _hub.Faults.Enqueue(FaultKind.ServiceUnavailable, times: FaultInjector.Always, pathContains: "/config.json");

        var outage = await Assert.ThrowsAsync<HubUnavailableException>(() => new ModelInspector().InspectAsync(source));

        Assert.Equal("config.json", outage.File);
        Assert.Contains("503", outage.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_the_hub_refuses_is_still_a_problem_of_that_file()
    {
        using var client = new HubClient(FastRetries.For(_hub));
        await using var source = await HubArtifactSource.OpenAsync(client, ModelId);
        _hub.Faults.Enqueue(FaultKind.Status(403), times: FaultInjector.Always, pathContains: "/README.md");

        var artifacts = await new ModelInspector().InspectAsync(source);

        Assert.Equal("llama", artifacts.Config?.ModelType);
        Assert.Contains(artifacts.Problems, problem => problem.File == "README.md" && problem.Problem.Contains("403", StringComparison.Ordinal));
    }
}
