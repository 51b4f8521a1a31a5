namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// One snapshot of a model in a Hugging Face Hub cache. Snapshot files are relative symbolic links into the model's
/// <c>blobs/</c> folder; they are followed only while they stay inside that model's cache folder
/// (<c>models--org--name</c>), never elsewhere in or outside the cache.
/// </summary>
public sealed class HuggingFaceCacheSource : IArtifactSource
{
    private readonly ConfinedFolder _snapshot;

    private HuggingFaceCacheSource(string modelFolder, string snapshotFolder, string? requestedRevision)
    {
        RepoId = HuggingFaceCache.RepoIdFromFolderName(Path.GetFileName(Path.TrimEndingDirectorySeparator(modelFolder)))
            ?? throw new ArtifactException(modelFolder, "is not a Hugging Face cache model folder (models--org--name)");
        _snapshot = new ConfinedFolder(snapshotFolder, modelFolder,
            $"is a symbolic link that points outside the cache folder of {RepoId}");
        Revision = Path.GetFileName(_snapshot.Root);
        Description = $"cache hf:{RepoId}@{requestedRevision ?? Revision}";
    }

    /// <summary>The snapshot folder's full path with links resolved.</summary>
    public string SnapshotPath => _snapshot.Root;

    public string Description { get; }

    /// <summary>From the cache folder name: <c>models--org--name</c> → <c>org/name</c>.</summary>
    public string? RepoId { get; }

    /// <summary>The snapshot's commit.</summary>
    public string? Revision { get; }

    public ReadStatistics Statistics { get; } = new();

    /// <summary>Opens <paramref name="repoId"/> at <paramref name="revision"/> (default <c>main</c>) in the cache at <paramref name="cacheRoot"/>.</summary>
    public static HuggingFaceCacheSource Open(string cacheRoot, string repoId, string? revision = null)
    {
        var modelFolder = Path.Combine(cacheRoot, HuggingFaceCache.FolderName(repoId));
        if (!Directory.Exists(modelFolder))
        {
            throw new ArtifactException($"hf:{repoId}", $"is not in the Hugging Face cache at {cacheRoot}");
        }

        return OpenModelFolder(modelFolder, revision);
    }

    /// <summary>Opens a model's cache folder (<c>.../models--org--name</c>) at <paramref name="revision"/> (default <c>main</c>).</summary>
    public static HuggingFaceCacheSource OpenModelFolder(string modelFolder, string? revision = null)
    {
        var snapshot = HuggingFaceCache.ResolveSnapshot(modelFolder, revision ?? "main");
        return new HuggingFaceCacheSource(modelFolder, snapshot, revision ?? "main");
    }

    /// <summary>Opens a snapshot folder directly (<c>.../models--org--name/snapshots/&lt;commit&gt;</c>).</summary>
    public static HuggingFaceCacheSource OpenSnapshot(string snapshotFolder)
    {
        if (!HuggingFaceCache.IsSnapshotFolder(snapshotFolder))
        {
            throw new ArtifactException(snapshotFolder, "is not a Hugging Face cache snapshot (models--org--name/snapshots/<commit>)");
        }

        var modelFolder = Path.GetDirectoryName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(snapshotFolder))))!;
        return new HuggingFaceCacheSource(modelFolder, snapshotFolder, requestedRevision: null);
    }

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ArtifactEntry> entries = _snapshot.EnumerateFiles(LocalFolderSource.MaxFiles, cancellationToken)
            .Select(file => new ArtifactEntry(file.RelativePath, ConfinedFolder.SizeOf(file.FullPath), LfsSha256Of(file.FullPath)))
            .ToList();
        return Task.FromResult(entries);
    }

    public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default) =>
        LocalFileReader.ReadAllAsync(_snapshot.ResolveFile(path), path, maxBytes, Statistics, cancellationToken);

    public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default) =>
        LocalFileReader.ReadRangeAsync(_snapshot.ResolveFile(path), path, offset, count, Statistics, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Blobs are named by their ETag, which for Git LFS files is the SHA-256 of the content (64 hex digits).</summary>
    private static string? LfsSha256Of(string blobPath)
    {
        var name = Path.GetFileName(blobPath);
        return Path.GetFileName(Path.GetDirectoryName(blobPath)) == "blobs"
               && name.Length == 64
               && name.All(char.IsAsciiHexDigitLower)
            ? name
            : null;
    }
}
