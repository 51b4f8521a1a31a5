namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// A model folder on disk laid out like a Hub repository (<c>config.json</c>, <c>model.safetensors</c>, ...).
/// Symbolic links are followed only while they stay inside the folder; one that points outside is refused.
/// </summary>
public sealed class LocalFolderSource : IArtifactSource
{
    /// <summary>The Hub refuses repositories of 100,000 files or more; a folder beyond that is not one model.</summary>
    internal const int MaxFiles = 100_000;

    private readonly ConfinedFolder _folder;

    /// <param name="folder">The model folder; throws <see cref="ArtifactException"/> when it does not exist.</param>
    public LocalFolderSource(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new ArtifactException(folder, "no such folder");
        }

        _folder = new ConfinedFolder(folder, folder, "is a symbolic link that points outside the model folder");
        Description = $"folder {folder}";
    }

    /// <summary>The folder's full path with links resolved.</summary>
    public string FolderPath => _folder.Root;

    public string Description { get; }

    public string? RepoId => null;

    public string? Revision => null;

    public ReadStatistics Statistics { get; } = new();

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ArtifactEntry> entries = _folder.EnumerateFiles(MaxFiles, cancellationToken)
            .Select(file => new ArtifactEntry(file.RelativePath, ConfinedFolder.SizeOf(file.FullPath)))
            .ToList();
        return Task.FromResult(entries);
    }

    public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default) =>
        LocalFileReader.ReadAllAsync(_folder.ResolveFile(path), path, maxBytes, Statistics, cancellationToken);

    public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default) =>
        LocalFileReader.ReadRangeAsync(_folder.ResolveFile(path), path, offset, count, Statistics, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
