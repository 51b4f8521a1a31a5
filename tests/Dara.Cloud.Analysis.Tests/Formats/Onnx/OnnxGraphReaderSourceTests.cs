using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Onnx;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Formats.Onnx;

/// <summary><see cref="OnnxGraphReader.ReadAsync"/> reads through an <see cref="IArtifactSource"/> within a byte cap.</summary>
public sealed class OnnxGraphReaderSourceTests
{
    private const string _path = "onnx/model.onnx";

    [Fact]
    public async Task A_model_is_read_from_a_source_under_its_path()
    {
        var bytes = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();
        await using var source = new InMemorySource(_path, bytes, honoursCap: true);

        var graph = await OnnxGraphReader.ReadAsync(source, _path, maxBytes: 1 << 20);

        Assert.Equal(_path, graph.File);
        Assert.Equal(11, graph.Nodes.Count);
        Assert.Equal([1L << 20], source.ReadCaps);
    }

    [Fact]
    public async Task A_file_over_the_cap_is_refused_by_the_source()
    {
        var bytes = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();
        await using var source = new InMemorySource(_path, bytes, honoursCap: true);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => OnnxGraphReader.ReadAsync(source, _path, maxBytes: 100));

        Assert.Equal(_path, error.File);
        Assert.Contains("100", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_cap_is_refused_even_when_the_source_returns_it()
    {
        var bytes = OnnxSampleModels.ConvNetWithControlFlow().ToBytes();
        await using var source = new InMemorySource(_path, bytes, honoursCap: false);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => OnnxGraphReader.ReadAsync(source, _path, maxBytes: 100));

        Assert.Equal(_path, error.File);
        Assert.Equal($"is {bytes.Length:N0} bytes, over the 100-byte limit for ONNX graphs", error.Problem);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "it starts with protobuf field 0 (wire type 0)")]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61 }, "it starts with protobuf field 15 (wire type 3)")]
    [InlineData(new byte[] { 0x10, 0x01 }, "it starts with protobuf field 2 (wire type 0)")]
    public async Task A_file_that_does_not_start_like_a_model_is_refused_before_it_is_read_whole(byte[] bytes, string expected)
    {
        await using var source = new InMemorySource(_path, bytes, honoursCap: true);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => OnnxGraphReader.ReadAsync(source, _path, maxBytes: 1 << 30));

        Assert.Equal(_path, error.File);
        Assert.StartsWith($"is not an ONNX model: {expected}", error.Problem, StringComparison.Ordinal);
        Assert.Empty(source.ReadCaps);
    }

    [Fact]
    public async Task A_damaged_file_from_a_source_names_the_path_in_the_source()
    {
        await using var source = new InMemorySource(_path, [0x3A, 0x7F, 0x0A], honoursCap: true);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => OnnxGraphReader.ReadAsync(source, _path, maxBytes: 1000));

        Assert.Equal(_path, error.File);
        Assert.StartsWith("is not a valid ONNX model", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_read_throws_OperationCanceledException()
    {
        await using var source = new InMemorySource(_path, OnnxSampleModels.ConvNetWithControlFlow().ToBytes(), honoursCap: true);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OnnxGraphReader.ReadAsync(source, _path, 1 << 20, cancelled.Token));
    }

    /// <summary>One file held in memory; optionally ignores the cap, as a buggy source might.</summary>
    private sealed class InMemorySource(string path, byte[] bytes, bool honoursCap) : IArtifactSource
    {
        public List<long> ReadCaps { get; } = [];

        public string Description => "memory";

        public string? RepoId => null;

        public string? Revision => null;

        public ReadStatistics Statistics { get; } = new();

        public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ArtifactEntry>>([new ArtifactEntry(path, bytes.Length)]);

        public Task<byte[]> ReadAllAsync(string requested, long maxBytes, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadCaps.Add(maxBytes);
            if (requested != path)
            {
                throw new ArtifactException(requested, "does not exist");
            }

            if (honoursCap && bytes.Length > maxBytes)
            {
                throw new ArtifactException(requested, $"is larger than the {maxBytes}-byte cap");
            }

            Statistics.Record(bytes.Length);
            return Task.FromResult(bytes);
        }

        public Task<RangeRead> ReadRangeAsync(string requested, long offset, int count, CancellationToken cancellationToken = default)
        {
            var start = (int)Math.Min(offset, bytes.Length);
            var slice = bytes.AsMemory(start, Math.Min(count, bytes.Length - start));
            Statistics.Record(slice.Length);
            return Task.FromResult(new RangeRead(slice, bytes.Length));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
