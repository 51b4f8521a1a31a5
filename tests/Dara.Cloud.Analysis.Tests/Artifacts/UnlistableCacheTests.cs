using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Testing;

namespace Dara.Cloud.Analysis.Tests.Artifacts;

/// <summary>Folders the file system will not list are reported naming them, never thrown as what they are not.</summary>
public sealed class UnlistableCacheTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly TempFolder _temp = new();
    private readonly List<string> _locked = [];

    public void Dispose()
    {
        foreach (var folder in _locked)
        {
            UnlistableFolder.Unlock(folder);
        }

        _temp.Dispose();
    }

    private string Locked(string relative)
    {
        var folder = _temp[relative];
        Directory.CreateDirectory(folder);
        UnlistableFolder.Lock(folder);
        _locked.Add(folder);
        return folder;
    }

    [UnlistableFolderFact]
    public async Task A_folder_that_cannot_be_listed_is_no_cache_root_and_opening_it_says_why()
    {
        // IsCacheRoot threw UnauthorizedAccessException, so `dara check` on such a folder ended as an internal error.
        using var folder = UnlistableFolder.Create();
        using var resolver = new ArtifactSourceResolver(new Analysis.Artifacts.Hub.HubClientOptions());

        var error = await Assert.ThrowsAsync<ArtifactException>(async () =>
        {
            await using var source = await resolver.OpenAsync(folder.Path);
            await source.ListAsync();
        });

        Assert.False(HuggingFaceCache.IsCacheRoot(folder.Path));
        Assert.Equal(folder.Path, error.File);
        Assert.Equal("cannot be listed: permission denied", error.Problem);
    }

    [PermissionBitsFact]
    public void A_cached_model_whose_snapshots_cannot_be_listed_is_skipped_and_the_others_found()
    {
        _temp.Write("hub/models--acme--readable/refs/main", Commit);
        _temp.Write($"hub/models--acme--readable/snapshots/{Commit}/config.json", "{}");
        _temp.Write("hub/models--acme--locked/snapshots/placeholder", "");
        var snapshots = Locked("hub/models--acme--locked/snapshots");
        var skipped = new List<ArtifactException>();

        var models = ModelDiscovery.Find(_temp["hub"], skipped.Add).Select(m => m.Name).ToList();

        Assert.Equal(["acme/readable"], models);
        var problem = Assert.Single(skipped);
        Assert.Equal(snapshots, problem.File);
        Assert.Equal("cannot be listed: permission denied", problem.Problem);
    }
}
