using System.Text;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Testing;

/// <summary>
/// An <see cref="IArtifactSource"/> over files held in memory (path → bytes), for reader tests. It counts what is
/// read in <see cref="Statistics"/> like a real source and also logs every ranged read, so tests can assert how a
/// reader accessed a file (e.g. "at most two reads", "never read past the header").
/// </summary>
public sealed class InMemoryArtifactSource : IArtifactSource
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<RangeRequest> _rangeReads = [];
    private readonly Lock _lock = new();

    /// <param name="description">What <see cref="Description"/> says.</param>
    /// <param name="repoId">The repository id to report, if any.</param>
    /// <param name="revision">The revision to report, if any.</param>
    public InMemoryArtifactSource(string description = "memory", string? repoId = null, string? revision = null)
    {
        Description = description;
        RepoId = repoId;
        Revision = revision;
    }

    /// <summary>A source holding the given files.</summary>
    public InMemoryArtifactSource(IEnumerable<KeyValuePair<string, byte[]>> files, string description = "memory")
        : this(description)
    {
        foreach (var (path, bytes) in files)
        {
            Add(path, bytes);
        }
    }

    public string Description { get; }

    public string? RepoId { get; }

    public string? Revision { get; }

    public ReadStatistics Statistics { get; } = new();

    /// <summary>Every <see cref="ReadRangeAsync"/> call so far, in order.</summary>
    public IReadOnlyList<RangeRequest> RangeReads
    {
        get
        {
            lock (_lock)
            {
                return _rangeReads.ToArray();
            }
        }
    }

    /// <summary>Whether <see cref="DisposeAsync"/> has been called.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Adds (or replaces) a file.</summary>
    public InMemoryArtifactSource Add(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(bytes);
        lock (_lock)
        {
            _files[path] = bytes;
        }

        return this;
    }

    /// <summary>Adds (or replaces) a text file, UTF-8 encoded.</summary>
    public InMemoryArtifactSource Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Ranged reads of one file so far.</summary>
    public IReadOnlyList<RangeRequest> RangeReadsOf(string path) => RangeReads.Where(r => r.Path == path).ToArray();

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            IReadOnlyList<ArtifactEntry> entries = _files
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => new ArtifactEntry(f.Key, f.Value.LongLength))
                .ToArray();
            return Task.FromResult(entries);
        }
    }

    public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = Find(path);
        if (bytes.LongLength > maxBytes)
        {
            throw new ArtifactException(path, $"the file is {bytes.LongLength} bytes, more than the {maxBytes}-byte limit");
        }

        Statistics.Record(bytes.LongLength);
        return Task.FromResult(bytes.ToArray());
    }

    public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = Find(path);
        var start = (int)Math.Min(offset, bytes.LongLength);
        var length = Math.Min(count, bytes.Length - start);
        var slice = bytes.AsSpan(start, length).ToArray();
        Statistics.Record(length);
        lock (_lock)
        {
            _rangeReads.Add(new RangeRequest(path, offset, count, length));
        }

        return Task.FromResult(new RangeRead(slice, bytes.LongLength));
    }

    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }

    private byte[] Find(string path)
    {
        lock (_lock)
        {
            return _files.TryGetValue(path, out var bytes)
                ? bytes
                : throw new ArtifactException(path, $"no such file in {Description}");
        }
    }
}

/// <summary>One ranged read: what was asked for and how many bytes came back.</summary>
public readonly record struct RangeRequest(string Path, long Offset, int Count, int Returned);
