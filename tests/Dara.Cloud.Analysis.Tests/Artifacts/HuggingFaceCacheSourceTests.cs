using System.Security.Cryptography;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Tests.Artifacts;

/// <summary>A real cache layout built in a temp folder: blobs named by ETag, snapshots of relative links, refs.</summary>
public sealed class HuggingFaceCacheSourceTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string OlderCommit = "fedcba9876543210fedcba9876543210fedcba98";
    private static readonly byte[] s_config = """{"model_type":"llama","architectures":["LlamaForCausalLM"]}"""u8.ToArray();
    private static readonly byte[] s_weights = Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)).ToArray();

    private readonly TempFolder _temp = new();
    private readonly string _cache;
    private readonly string _modelFolder;
    private readonly string _weightsBlob = Convert.ToHexStringLower(SHA256.HashData(s_weights));
    private readonly string _configBlob = Convert.ToHexStringLower(SHA1.HashData(s_config));

    public HuggingFaceCacheSourceTests()
    {
        _cache = _temp["hub"];
        _modelFolder = _temp["hub/models--julien-c--tiny-llama"];
        _temp.Write($"hub/models--julien-c--tiny-llama/blobs/{_configBlob}", s_config);
        _temp.Write($"hub/models--julien-c--tiny-llama/blobs/{_weightsBlob}", s_weights);
        _temp.Write("hub/models--julien-c--tiny-llama/refs/main", Commit);
        _temp.Write("hub/models--julien-c--tiny-llama/refs/refs/pr/1", OlderCommit);
        _temp.FileLink($"hub/models--julien-c--tiny-llama/snapshots/{Commit}/config.json", $"../../blobs/{_configBlob}");
        _temp.FileLink($"hub/models--julien-c--tiny-llama/snapshots/{Commit}/weights/model.safetensors", $"../../../blobs/{_weightsBlob}");
        _temp.FileLink($"hub/models--julien-c--tiny-llama/snapshots/{OlderCommit}/config.json", $"../../blobs/{_configBlob}");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Opening_by_repo_id_follows_refs_main_to_the_snapshot()
    {
        await using var source = HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama");

        Assert.Equal("julien-c/tiny-llama", source.RepoId);
        Assert.Equal(Commit, source.Revision);
        Assert.Equal($"cache hf:julien-c/tiny-llama@main", source.Description);
        Assert.EndsWith(Commit, source.SnapshotPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_are_listed_and_read_through_the_snapshot_links()
    {
        await using var source = HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama");

        var entries = await source.ListAsync();
        var config = await source.ReadAllAsync("config.json", 1024);
        var header = await source.ReadRangeAsync("weights/model.safetensors", 100, 10);

        Assert.Equal(
            [new ArtifactEntry("config.json", s_config.Length), new ArtifactEntry("weights/model.safetensors", 1000, _weightsBlob)],
            entries);
        Assert.Equal(s_config, config);
        Assert.Equal(s_weights[100..110], header.Bytes.ToArray());
        Assert.Equal(1000, header.TotalLength);
    }

    [Fact]
    public async Task A_commit_revision_is_used_directly_and_other_refs_are_read_from_refs()
    {
        await using var byCommit = HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama", OlderCommit);
        await using var byPullRequest = HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama", "refs/pr/1");

        Assert.Equal(OlderCommit, byCommit.Revision);
        Assert.Equal(OlderCommit, byPullRequest.Revision);
        Assert.Single(await byPullRequest.ListAsync());
    }

    [Theory]
    [InlineData("v2.0", "the cache has no ref 'v2.0'")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "commit aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa is not in the cache")]
    [InlineData("../../../etc", "is not a valid revision")]
    public void A_revision_the_cache_does_not_hold_is_refused(string revision, string problem)
    {
        var error = Assert.Throws<ArtifactException>(() => HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama", revision));

        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ref_that_does_not_hold_a_commit_is_refused()
    {
        _temp.Write("hub/models--julien-c--tiny-llama/refs/broken", "not a commit\n");

        var error = Assert.Throws<ArtifactException>(() => HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama", "broken"));

        Assert.Equal("does not hold a 40-hex commit id", error.Problem);
    }

    [Fact]
    public void A_ref_that_is_a_link_to_itself_is_refused_naming_the_ref()
    {
        _temp.FileLink("hub/models--org--looped/refs/main", "main");
        _temp.Write("hub/models--org--looped/snapshots/1111111111111111111111111111111111111111/config.json", "{}");

        var error = Assert.Throws<ArtifactException>(() => HuggingFaceCacheSource.Open(_cache, "org/looped"));
        var models = HuggingFaceCache.EnumerateModels(_cache).Select(m => m.RepoId).ToList();

        Assert.Equal(_temp["hub/models--org--looped/refs/main"], error.File);
        Assert.StartsWith("cannot be read", error.Problem, StringComparison.Ordinal);
        Assert.Contains("org/looped", models); // a scan falls back to the newest snapshot, as without a main ref
    }

    [Fact]
    public void A_model_not_in_the_cache_is_refused()
    {
        var error = Assert.Throws<ArtifactException>(() => HuggingFaceCacheSource.Open(_cache, "julien-c/other"));

        Assert.Equal("hf:julien-c/other", error.File);
    }

    [Fact]
    public async Task A_snapshot_folder_or_a_model_folder_can_be_opened_directly()
    {
        await using var snapshot = HuggingFaceCacheSource.OpenSnapshot(Path.Combine(_modelFolder, "snapshots", OlderCommit));
        await using var model = HuggingFaceCacheSource.OpenModelFolder(_modelFolder);

        Assert.Equal(("julien-c/tiny-llama", OlderCommit), (snapshot.RepoId, snapshot.Revision));
        Assert.Equal(("julien-c/tiny-llama", Commit), (model.RepoId, model.Revision));
        Assert.Throws<ArtifactException>(() => HuggingFaceCacheSource.OpenSnapshot(_temp.Path));
    }

    [Fact]
    public async Task A_snapshot_link_leaving_the_model_folder_is_refused()
    {
        _temp.Write("hub/models--someone--else/blobs/abc", "another model's blob");
        _temp.Write("private.txt", "outside the cache");
        _temp.FileLink($"hub/models--julien-c--tiny-llama/snapshots/{Commit}/tokenizer.json", "../../../models--someone--else/blobs/abc");
        _temp.FileLink($"hub/models--julien-c--tiny-llama/snapshots/{Commit}/vocab.txt", "../../../../private.txt");
        await using var source = HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama");

        var otherModel = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadAllAsync("tokenizer.json", 1024));
        var outside = await Assert.ThrowsAsync<ArtifactException>(() => source.ReadRangeAsync("vocab.txt", 0, 4));

        Assert.Equal("is a symbolic link that points outside the cache folder of julien-c/tiny-llama", otherModel.Problem);
        Assert.Equal("vocab.txt", outside.File);
        Assert.Equal(0, source.Statistics.BytesRead);
    }

    [Fact]
    public async Task A_snapshot_link_to_a_deleted_blob_is_reported_naming_the_file_not_silently_left_out()
    {
        _temp.FileLink($"hub/models--julien-c--tiny-llama/snapshots/{Commit}/model.safetensors", "../../blobs/deleted");
        await using var source = HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama");

        var artifacts = await new Analysis.Inspection.ModelInspector().InspectAsync(source);

        Assert.Contains(new ArtifactEntry("model.safetensors", null), await source.ListAsync());
        var problem = Assert.Single(artifacts.Problems);
        Assert.Equal("model.safetensors", problem.File);
        Assert.Equal("is a symbolic link to '../../blobs/deleted', which does not exist (a blob deleted or never downloaded?)", problem.Problem);
    }

    [Fact]
    public void A_snapshot_folder_that_is_itself_a_link_out_of_the_model_folder_is_refused()
    {
        const string Elsewhere = "2222222222222222222222222222222222222222";
        _temp.Write("elsewhere/config.json", "{}");
        _temp.FolderLink($"hub/models--julien-c--tiny-llama/snapshots/{Elsewhere}", "../../../elsewhere");

        var error = Assert.Throws<ArtifactException>(() => HuggingFaceCacheSource.Open(_cache, "julien-c/tiny-llama", Elsewhere));

        Assert.Equal("is a symbolic link that points outside the cache folder of julien-c/tiny-llama", error.Problem);
    }

    [Theory]
    [InlineData("models--julien-c--EsperBERTo-small", "julien-c/EsperBERTo-small")]
    [InlineData("models--gpt2", "gpt2")]
    [InlineData("models--bert-base-uncased", "bert-base-uncased")]
    [InlineData("models--my-org--my-model-v1.5", "my-org/my-model-v1.5")]
    [InlineData("datasets--glue", null)]
    [InlineData("models--a--b--c", null)]
    [InlineData("models--", null)]
    public void The_repo_id_comes_from_the_folder_name(string folderName, string? repoId)
    {
        Assert.Equal(repoId, HuggingFaceCache.RepoIdFromFolderName(folderName));
    }

    [Fact]
    public void Folder_names_round_trip()
    {
        Assert.Equal("models--julien-c--EsperBERTo-small", HuggingFaceCache.FolderName("julien-c/EsperBERTo-small"));
    }

    [Fact]
    public void A_cache_root_lists_its_models_with_their_main_snapshot()
    {
        _temp.Write("hub/models--org--no-main/snapshots/1111111111111111111111111111111111111111/config.json", "{}");
        _temp.Write("hub/models--org--empty/refs/main", Commit);
        _temp.Write("hub/.locks/models--org--empty/x.lock", "");

        var models = HuggingFaceCache.EnumerateModels(_cache).ToList();

        Assert.Equal(
            [
                ("julien-c/tiny-llama", Path.Combine(_modelFolder, "snapshots", Commit)),
                ("org/no-main", _temp["hub/models--org--no-main/snapshots/1111111111111111111111111111111111111111"]),
            ],
            models);
        Assert.True(HuggingFaceCache.IsCacheRoot(_cache));
        Assert.False(HuggingFaceCache.IsCacheRoot(_modelFolder));
        Assert.True(HuggingFaceCache.IsModelFolder(_modelFolder));
        Assert.True(HuggingFaceCache.IsSnapshotFolder(Path.Combine(_modelFolder, "snapshots", Commit)));
    }

    [Theory]
    [InlineData("HF_HUB_CACHE=/a/hub;HF_HOME=/b;XDG_CACHE_HOME=/c;HOME=/d", "/a/hub")]
    [InlineData("HUGGINGFACE_HUB_CACHE=/legacy;HF_HOME=/b", "/legacy")]
    [InlineData("HF_HOME=/b;XDG_CACHE_HOME=/c;HOME=/d", "/b/hub")]
    [InlineData("XDG_CACHE_HOME=/c;HOME=/d", "/c/huggingface/hub")]
    [InlineData("HOME=/d", "/d/.cache/huggingface/hub")]
    public void The_default_cache_follows_huggingface_hub(string variables, string expected)
    {
        var environment = variables.Split(';').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);

        var root = HuggingFaceCache.DefaultRoot(name => environment.GetValueOrDefault(name));

        Assert.Equal(expected.Replace('/', Path.DirectorySeparatorChar), root.Replace('/', Path.DirectorySeparatorChar));
    }
}
