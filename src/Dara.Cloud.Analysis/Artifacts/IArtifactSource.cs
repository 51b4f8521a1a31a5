namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// Where a model's published files come from: a local folder, a single file, a Hugging Face cache snapshot
/// or the Hub over HTTP. Paths are relative, '/'-separated, as in the Hub repository.
/// Every read is capped; nothing is executed and nothing is unpickled.
/// </summary>
public interface IArtifactSource : IAsyncDisposable
{
    /// <summary>Human-readable origin, used in messages ("folder ./bert", "hf:owner/name@main").</summary>
    string Description { get; }

    /// <summary>The repository id (<c>owner/name</c>) when the source knows it, else null.</summary>
    string? RepoId { get; }

    /// <summary>The revision (commit or ref) when the source knows it, else null.</summary>
    string? Revision { get; }

    /// <summary>Every file of the model with its size where known.</summary>
    Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a whole (small) file; throws <see cref="ArtifactException"/> when it is larger than <paramref name="maxBytes"/>.
    /// The array is the caller's, new at every call: a reader may change it (the ONNX reader hides the weights in it
    /// from the parser), so a source that holds its files in memory returns a copy.
    /// </summary>
    Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes at <paramref name="offset"/> in one read (one HTTP range request)
    /// and reports the file's total length. Fewer bytes come back only at the end of the file.
    /// </summary>
    Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default);

    /// <summary>Bytes and read operations performed so far (for the "bytes read vs weight size" figures).</summary>
    ReadStatistics Statistics { get; }
}

/// <summary>One file of a model repository.</summary>
/// <param name="Path">Relative path with '/' separators.</param>
/// <param name="Size">Size in bytes when known.</param>
/// <param name="LfsSha256">For Git LFS files, the SHA-256 of the real content when the listing gives it.</param>
public sealed record ArtifactEntry(string Path, long? Size, string? LfsSha256 = null)
{
    /// <summary>The file name without folders.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>The bytes of one ranged read and the total length of the file they came from.</summary>
public readonly record struct RangeRead(ReadOnlyMemory<byte> Bytes, long TotalLength);

/// <summary>Counts what a source has read; thread-safe.</summary>
public sealed class ReadStatistics
{
    private long _bytes;
    private int _reads;

    public long BytesRead => Interlocked.Read(ref _bytes);

    public int Reads => Volatile.Read(ref _reads);

    public void Record(long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _reads);
    }
}
