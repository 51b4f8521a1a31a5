using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Analysis.Tests.Artifacts.Hub;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts;

public sealed class ArtifactSourceResolverTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly TempFolder _temp = new();
    private readonly ArtifactSourceResolver _resolver = new(new HubClientOptions { Endpoint = new Uri("http://127.0.0.1:9"), MaxRetries = 0 });

    public ArtifactSourceResolverTests()
    {
        _temp.Write("plain/config.json", "{}");
        _temp.Write("single.gguf", "GGUF");
        _temp.Write("cache/models--org--name/blobs/abc", "{}");
        _temp.Write("cache/models--org--name/refs/main", Commit);
        _temp.FileLink($"cache/models--org--name/snapshots/{Commit}/config.json", "../../blobs/abc");
    }

    public void Dispose()
    {
        _resolver.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_folder_is_a_local_folder_source()
    {
        await using var source = await _resolver.OpenAsync(_temp["plain"]);

        Assert.IsType<LocalFolderSource>(source);
    }

    [Fact]
    public async Task A_file_is_a_single_file_source()
    {
        await using var source = await _resolver.OpenAsync(_temp["single.gguf"]);

        Assert.Equal("single.gguf", Assert.Single(await Assert.IsType<SingleFileSource>(source).ListAsync()).Path);
    }

    [Fact]
    public async Task A_cache_snapshot_or_model_folder_is_a_cache_source()
    {
        await using var snapshot = await _resolver.OpenAsync(_temp[$"cache/models--org--name/snapshots/{Commit}"]);
        await using var model = await _resolver.OpenAsync(_temp["cache/models--org--name"]);

        Assert.Equal(("org/name", Commit), (snapshot.RepoId, snapshot.Revision));
        Assert.IsType<HuggingFaceCacheSource>(model);
        Assert.Equal(Commit, model.Revision);
    }

    [Fact]
    public async Task A_cache_root_asks_for_one_model()
    {
        var error = await Assert.ThrowsAsync<ArtifactException>(() => _resolver.OpenAsync(_temp["cache"]));

        Assert.Contains("models--org--name", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_path_is_no_such_file_or_folder()
    {
        var argument = _temp["nothing-here"];

        var error = await Assert.ThrowsAsync<ArtifactException>(() => _resolver.OpenAsync(argument));

        Assert.Equal($"{argument}: no such file or folder", error.Message);
    }

    [Theory]
    [InlineData("hf:org/na--me")]
    [InlineData("hf:org/name/extra")]
    [InlineData("hf:org/ñame")]
    public async Task An_invalid_Hub_reference_is_refused_before_any_request(string argument)
    {
        var error = await Assert.ThrowsAsync<ArtifactException>(() => _resolver.OpenAsync(argument));

        Assert.Equal(argument, error.File);
    }

    [Fact]
    public async Task A_Hub_reference_opens_the_model_on_the_Hub()
    {
        await using var hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        var model = hub.AddModel("org/name", new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        using var resolver = new ArtifactSourceResolver(FastRetries.For(hub));

        await using var source = await resolver.OpenAsync("hf:org/name@main");

        Assert.IsType<HubArtifactSource>(source);
        Assert.Equal(("org/name", model.Sha), (source.RepoId, source.Revision));
        Assert.Equal("hf:org/name@main", source.Description);
    }
}
