namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>
/// A model on the Hub (<c>hf:owner/name[@revision]</c>), read over HTTP without downloading weights: the file list
/// comes from the model info, small files are fetched whole under a cap, headers by one range request each.
/// All reads use the commit the model info reported, so the files come from one consistent revision.
/// </summary>
public sealed class HubArtifactSource : IArtifactSource
{
    private readonly HubClient _client;

    private HubArtifactSource(HubClient client, HubModelInfo modelInfo, string requestedRevision)
    {
        _client = client;
        ModelInfo = modelInfo;
        RepoId = modelInfo.Id;
        Revision = modelInfo.Sha ?? requestedRevision;
        Description = $"hf:{modelInfo.Id}@{requestedRevision}";
    }

    /// <summary>What the Hub said about the model when the source was opened.</summary>
    public HubModelInfo ModelInfo { get; }

    public string Description { get; }

    public string? RepoId { get; }

    /// <summary>The commit the model info reported (the requested revision when the Hub gave none).</summary>
    public string? Revision { get; }

    public ReadStatistics Statistics { get; } = new();

    /// <summary>
    /// Fetches the model info of <paramref name="repoId"/> at <paramref name="revision"/> (default <c>main</c>);
    /// <paramref name="client"/> is used for every request and not disposed by the source.
    /// </summary>
    public static async Task<HubArtifactSource> OpenAsync(
        HubClient client, string repoId, string? revision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var modelInfo = await client.GetModelInfoAsync(repoId, revision, cancellationToken).ConfigureAwait(false);
        return new HubArtifactSource(client, modelInfo, revision ?? "main");
    }

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArtifactEntry>>(
            ModelInfo.Siblings.Select(sibling => new ArtifactEntry(sibling.Path, sibling.ContentSize, sibling.Lfs?.Sha256)).ToList());

    public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default) =>
        _client.DownloadFileAsync(ModelInfo.Id, Revision!, path, maxBytes, Statistics, cancellationToken);

    public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default) =>
        _client.DownloadRangeAsync(ModelInfo.Id, Revision!, path, offset, count, Statistics, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
