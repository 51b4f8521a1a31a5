using Dara.Cloud.Analysis.Artifacts.Hub;

namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// Turns a command-line argument into the source that reads it: <c>hf:owner/name[@revision]</c> → the Hub;
/// a cache snapshot or a <c>models--org--name</c> folder → the Hugging Face cache; any other folder → a local
/// folder; a file → that single file.
/// </summary>
public sealed class ArtifactSourceResolver : IDisposable
{
    private readonly HubClientOptions _hubOptions;
    private readonly HttpClient? _httpClient;
    private HubClient? _hubClient;

    /// <param name="hubOptions">For <c>hf:</c> arguments; the caller decides whether they come from the environment.</param>
    /// <param name="httpClient">Sent through for <c>hf:</c> arguments (not disposed here); null to let the Hub client own one.</param>
    public ArtifactSourceResolver(HubClientOptions hubOptions, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(hubOptions);
        _hubOptions = hubOptions;
        _httpClient = httpClient;
    }

    /// <summary>Opens the source <paramref name="argument"/> names; throws <see cref="ArtifactException"/> naming it when it cannot.</summary>
    public async Task<IArtifactSource> OpenAsync(string argument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.StartsWith(HubRepoId.ReferencePrefix, StringComparison.Ordinal))
        {
            var (repoId, revision) = HubRepoId.ParseReference(argument);
            _hubClient ??= new HubClient(_hubOptions, _httpClient);
            return await HubArtifactSource.OpenAsync(_hubClient, repoId, revision, cancellationToken).ConfigureAwait(false);
        }

        if (argument.Length == 0 || argument.Contains('\0'))
        {
            throw new ArtifactException(argument, "is not a file, a folder or hf:owner/name");
        }

        if (Directory.Exists(argument))
        {
            return OpenFolder(argument);
        }

        if (File.Exists(argument))
        {
            return new SingleFileSource(argument);
        }

        throw new ArtifactException(argument, "no such file or folder");
    }

    public void Dispose() => _hubClient?.Dispose();

    private static IArtifactSource OpenFolder(string folder)
    {
        if (HuggingFaceCache.IsSnapshotFolder(folder))
        {
            return HuggingFaceCacheSource.OpenSnapshot(folder);
        }

        if (HuggingFaceCache.IsModelFolder(folder))
        {
            return HuggingFaceCacheSource.OpenModelFolder(folder);
        }

        if (HuggingFaceCache.IsCacheRoot(folder))
        {
            throw new ArtifactException(folder,
                "is a Hugging Face cache, whose models each have a folder of their own; give one model's folder (models--org--name), or scan the cache with dara scan");
        }

        return new LocalFolderSource(folder);
    }
}
