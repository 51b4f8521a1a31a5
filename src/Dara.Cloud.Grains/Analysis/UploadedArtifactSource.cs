using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>
/// An <see cref="IArtifactSource"/> over uploaded files. A file may be only the head of a larger one (a safetensors
/// header without its weights): it is listed with its declared length. Readers read a little ahead of what they need
/// (the safetensors reader's first 4 KiB), so a range that runs past the uploaded head returns the head's bytes; a read
/// that starts past them is an <see cref="ArtifactException"/> saying how much was uploaded.
/// </summary>
public sealed class UploadedArtifactSource : IArtifactSource
{
    private readonly Dictionary<string, ArtifactFile> _files;

    public UploadedArtifactSource(ArtifactSet artifacts, string? repoId = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        ArtifactSetRules.Validate(artifacts);
        _files = artifacts.Files.ToDictionary(file => file.Path, StringComparer.Ordinal);
        RepoId = repoId;
        Description = repoId is null ? "upload" : $"upload of {repoId}";
    }

    public string Description { get; }

    public string? RepoId { get; }

    public string? Revision => null;

    public ReadStatistics Statistics { get; } = new();

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArtifactEntry>>(
            _files.Values.OrderBy(file => file.Path, StringComparer.Ordinal).Select(file => new ArtifactEntry(file.Path, file.Length)).ToList());

    public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        var file = Find(path);
        if (file.Length > maxBytes)
        {
            throw new ArtifactException(path, $"the file is {file.Length:N0} bytes, more than the {maxBytes:N0}-byte limit");
        }

        if (file.Content.LongLength < file.Length)
        {
            throw NotUploaded(file);
        }

        // A copy: the upload is kept (and stored) as it came, whatever a reader does with the bytes it is given.
        Statistics.Record(file.Content.LongLength);
        return Task.FromResult(file.Content.ToArray());
    }

    public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var file = Find(path);
        var end = Math.Min(Math.Min(file.Length, offset + count), file.Content.LongLength);
        if (offset < file.Length && count > 0 && offset >= file.Content.LongLength)
        {
            throw NotUploaded(file);
        }

        var start = (int)Math.Min(offset, end);
        var bytes = file.Content.AsMemory(start, (int)(end - start));
        Statistics.Record(bytes.Length);
        return Task.FromResult(new RangeRead(bytes, file.Length));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ArtifactFile Find(string path) =>
        _files.TryGetValue(ArtifactPaths.Validate(path), out var file) ? file : throw new ArtifactException(path, $"no such file in the {Description}");

    private static ArtifactException NotUploaded(ArtifactFile file) =>
        new(file.Path, $"only the first {file.Content.LongLength:N0} bytes of {file.Path} were uploaded (the file is {file.Length:N0} bytes)");
}

/// <summary>What an upload may hold: safe relative paths, each once, heads no longer than their files, bounded in total.</summary>
public static class ArtifactSetRules
{
    public const int MaxFiles = 1000;

    /// <summary>Headers and small files only: weights themselves are never uploaded.</summary>
    public const long MaxUploadedBytes = 64L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first rule broken.</summary>
    public static void Validate(ArtifactSet artifacts)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        if (artifacts.Files is not { Count: > 0 } files)
        {
            throw new ArgumentException("An upload needs at least one file.");
        }

        if (files.Count > MaxFiles)
        {
            throw new ArgumentException($"An upload holds at most {MaxFiles} files, not {files.Count}.");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var file in files)
        {
            if (file?.Path is null || file.Content is null)
            {
                throw new ArgumentException("Every uploaded file needs a path and content.");
            }

            try
            {
                ArtifactPaths.Validate(file.Path);
            }
            catch (ArtifactException e)
            {
                // Only the message crosses to the caller: the engine's exception type is no part of the contract.
                throw new ArgumentException(e.Message);
            }

            if (!paths.Add(file.Path))
            {
                throw new ArgumentException($"{file.Path} is uploaded twice.");
            }

            if (file.Length < file.Content.LongLength)
            {
                throw new ArgumentException($"{file.Path}: {file.Content.LongLength:N0} bytes were uploaded for a file declared {file.Length:N0} bytes long.");
            }

            total += file.Content.LongLength;
            if (total > MaxUploadedBytes)
            {
                throw new ArgumentException($"An upload holds at most {MaxUploadedBytes:N0} bytes of content: upload headers, not weights.");
            }
        }
    }
}
