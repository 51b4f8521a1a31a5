namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// One file named on the command line (a <c>.gguf</c>, an <c>.onnx</c>, a <c>.safetensors</c>): the model is that
/// file alone, listed under its file name.
/// </summary>
public sealed class SingleFileSource : IArtifactSource
{
    private readonly string _fullPath;
    private readonly string _fileName;

    /// <param name="file">The file; throws <see cref="ArtifactException"/> when it does not exist.</param>
    public SingleFileSource(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        if (!File.Exists(file))
        {
            throw new ArtifactException(file, Directory.Exists(file) ? "is a folder, not a file" : "no such file");
        }

        _fullPath = Path.GetFullPath(file);
        _fileName = Path.GetFileName(_fullPath);
        Description = $"file {file}";
    }

    public string Description { get; }

    public string? RepoId => null;

    public string? Revision => null;

    public ReadStatistics Statistics { get; } = new();

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArtifactEntry>>([new ArtifactEntry(_fileName, new FileInfo(_fullPath).Length)]);

    public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default) =>
        LocalFileReader.ReadAllAsync(Resolve(path), path, maxBytes, Statistics, cancellationToken);

    public Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default) =>
        LocalFileReader.ReadRangeAsync(Resolve(path), path, offset, count, Statistics, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Resolve(string path)
    {
        ArtifactPaths.Validate(path);
        return path == _fileName
            ? _fullPath
            : throw new ArtifactException(path, $"no such file: this source is the single file {_fileName}");
    }
}
