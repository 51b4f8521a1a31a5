namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>What one Hub request is about, so that every error names the model, the revision and the file it concerns.</summary>
/// <param name="RepoId">The model, when the request concerns one.</param>
/// <param name="Revision">The revision asked for, when given.</param>
/// <param name="Path">The file inside the model, when the request reads one.</param>
/// <param name="Listing">A description of a model listing, for listing requests.</param>
internal sealed record HubTarget(string? RepoId, string? Revision, string? Path, string? Listing = null)
{
    public static HubTarget Model(string repoId, string? revision) => new(repoId, revision, null);

    public static HubTarget File(string repoId, string revision, string path) => new(repoId, revision, path);

    public static HubTarget ModelListing(string description) => new(null, null, null, description);

    /// <summary><c>hf:owner/name@revision</c>, or the listing's description.</summary>
    public string Reference =>
        RepoId is null ? Listing ?? "Hub" : Revision is null ? $"hf:{RepoId}" : $"hf:{RepoId}@{Revision}";

    /// <summary>What an <see cref="ArtifactException"/> names: the file when there is one, else the model or listing.</summary>
    public string Subject => Path ?? Reference;
}
