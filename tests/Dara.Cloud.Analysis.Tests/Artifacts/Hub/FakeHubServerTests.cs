using System.Net;
using Dara.Cloud.Testing.FakeHub;

namespace Dara.Cloud.Analysis.Tests.Artifacts.Hub;

/// <summary>The fake Hub answers file requests as the Hub does, so that the client tests mean something.</summary>
public sealed class FakeHubServerTests : IAsyncLifetime
{
    private static readonly byte[] s_weights = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
    private readonly HttpClient _http = new();
    private FakeHubServer _hub = null!;
    private FakeHubModel _model = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync(FakeHubOptions.Empty);
        _model = _hub.AddModel("acme/files", [
            FakeHubFile.FromBytes("model.safetensors", s_weights),
            FakeHubFile.FromBytes("config.json", "{}"u8.ToArray()),
            FakeHubFile.ListedOnly("pytorch_model.bin", 5_000_000_000, new string('a', 64)),
        ]);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task HEAD_gives_the_size_the_commit_and_the_LFS_etag_without_a_body()
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("resolve/main/model.safetensors")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, response.Content.Headers.ContentLength);
        Assert.Equal(_model.Sha, response.Headers.GetValues("X-Repo-Commit").Single());
        Assert.Equal($"\"{_model.FindFile("model.safetensors")!.LfsSha256}\"", response.Headers.ETag?.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=10-19", 10, 19)]
    [InlineData("bytes=90-", 90, 99)]
    [InlineData("bytes=-5", 95, 99)]
    [InlineData("bytes=95-1000", 95, 99)]
    public async Task Ranges_are_answered_with_206_and_Content_Range(string range, int first, int last)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("resolve/main/model.safetensors"));
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {first}-{last}/100", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(s_weights[first..(last + 1)], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_beyond_the_end_is_416_with_the_length()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("resolve/main/model.safetensors"));
        request.Headers.TryAddWithoutValidation("Range", "bytes=100-200");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */100", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Missing_things_carry_the_Hubs_error_codes()
    {
        using var file = await _http.GetAsync(Url("resolve/main/nothing.json"));
        using var listedOnly = await _http.GetAsync(Url("resolve/main/pytorch_model.bin"));
        using var revision = await _http.GetAsync(Url("resolve/v2/config.json"));
        using var repo = await _http.GetAsync(new Uri(_hub.Endpoint, "acme/none/resolve/main/config.json"));

        Assert.Equal("EntryNotFound", file.Headers.GetValues("X-Error-Code").Single());
        Assert.Equal("EntryNotFound", listedOnly.Headers.GetValues("X-Error-Code").Single());
        Assert.Equal("RevisionNotFound", revision.Headers.GetValues("X-Error-Code").Single());
        Assert.Equal("RepoNotFound", repo.Headers.GetValues("X-Error-Code").Single());
        Assert.All([file, listedOnly, revision, repo], response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
    }

    [Fact]
    public async Task Raw_serves_the_LFS_pointer_of_a_weight_file()
    {
        var pointer = await _http.GetStringAsync(Url("raw/main/pytorch_model.bin"));

        Assert.Equal($"version https://git-lfs.github.com/spec/v1\noid sha256:{new string('a', 64)}\nsize 5000000000\n", pointer);
    }

    [Fact]
    public async Task Model_info_with_blobs_lists_sizes_and_LFS_details()
    {
        var json = await _http.GetStringAsync(new Uri(_hub.Endpoint, "api/models/acme/files?blobs=true"));

        Assert.Contains("\"rfilename\":\"pytorch_model.bin\",\"size\":5000000000", json, StringComparison.Ordinal);
        Assert.Contains($"\"lfs\":{{\"sha256\":\"{new string('a', 64)}\",\"size\":5000000000,\"pointerSize\":", json, StringComparison.Ordinal);
        Assert.Contains($"\"sha\":\"{_model.Sha}\"", json, StringComparison.Ordinal);
    }

    private Uri Url(string relative) => new(_hub.Endpoint, "acme/files/" + relative);
}
