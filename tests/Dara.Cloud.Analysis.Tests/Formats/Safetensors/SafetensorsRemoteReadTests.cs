using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Testing;
using Dara.Cloud.Testing.Builders;

namespace Dara.Cloud.Analysis.Tests.Formats.Safetensors;

/// <summary>How <see cref="SafetensorsHeaderReader.ReadAsync"/> reads through an <see cref="IArtifactSource"/>.</summary>
public sealed class SafetensorsRemoteReadTests
{
    private const string Path = "model.safetensors";

    private static SafetensorsBuilder ManyTensors(int count)
    {
        var builder = new SafetensorsBuilder().WithMetadata("format", "pt");
        for (var i = 0; i < count; i++)
        {
            builder.Add($"model.layers.{i}.self_attention.query_key_value.weight", "BF16", 8, 8);
        }

        return builder;
    }

    [Fact]
    public async Task A_small_header_is_read_in_one_ranged_read()
    {
        var source = new InMemoryArtifactSource().Add(Path, ManyTensors(10).ToBytes());

        var header = await SafetensorsHeaderReader.ReadAsync(source, Path, CancellationToken.None);

        Assert.Equal(10, header.Tensors.Count);
        var read = Assert.Single(source.RangeReads);
        Assert.Equal(0, read.Offset);
        Assert.Equal(SafetensorsHeaderReader.FirstReadLength, read.Count);
    }

    [Fact]
    public async Task A_300_kB_header_takes_exactly_two_reads_the_second_one_of_the_rest_of_the_header_alone()
    {
        var builder = ManyTensors(4000);
        var headerLength = builder.HeaderBytes().Length - 8;
        Assert.True(headerLength > 300_000, $"header is only {headerLength} bytes");
        var source = new InMemoryArtifactSource().Add(Path, builder.ToBytes());

        var header = await SafetensorsHeaderReader.ReadAsync(source, Path, CancellationToken.None);

        Assert.Equal(4000, header.Tensors.Count);
        Assert.Equal(2, source.Statistics.Reads);
        var rest = 8 + headerLength - SafetensorsHeaderReader.FirstReadLength;
        Assert.Equal(new RangeRequest(Path, SafetensorsHeaderReader.FirstReadLength, rest, rest), source.RangeReads[1]);
        Assert.Equal(8 + headerLength, source.Statistics.BytesRead);
    }

    [Fact]
    public async Task A_header_just_past_the_first_read_takes_two_reads_and_one_just_inside_takes_one()
    {
        foreach (var (extra, reads) in new[] { (0, 1), (1, 2) })
        {
            var json = "{\"__metadata__\":{\"pad\":\"" + new string('x', SafetensorsHeaderReader.FirstReadLength - 8 - 27 + extra) + "\"}}";
            var builder = new SafetensorsBuilder().WithHeaderJson(json).WithoutPadding();
            Assert.Equal(SafetensorsHeaderReader.FirstReadLength + extra, builder.HeaderBytes().Length);
            var source = new InMemoryArtifactSource().Add(Path, builder.ToBytes());

            var header = await SafetensorsHeaderReader.ReadAsync(source, Path, CancellationToken.None);

            Assert.Single(header.Metadata);
            Assert.Equal(reads, source.Statistics.Reads);
        }
    }

    [Fact]
    public async Task A_bad_header_length_is_rejected_before_a_second_read()
    {
        var bytes = new SafetensorsBuilder().Add("w", "F32", 1).WithDeclaredHeaderLength(50_000_000).ToBytes();
        var source = new InMemoryArtifactSource().Add(Path, bytes);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => SafetensorsHeaderReader.ReadAsync(source, Path, CancellationToken.None));

        Assert.Contains("is beyond the end of the", error.Problem);
        Assert.Equal(1, source.Statistics.Reads);
    }

    [Fact]
    public async Task A_2_GiB_file_of_zeros_is_answered_from_its_header_alone()
    {
        var folder = Directory.CreateTempSubdirectory("dara-safetensors-");
        try
        {
            var file = System.IO.Path.Combine(folder.FullName, "model.safetensors");
            var builder = new SafetensorsBuilder().WithMetadata("format", "pt").Add("embed.weight", "F32", 512, 1024, 1024);
            builder.WriteTo(file);
            Assert.Equal(builder.HeaderBytes().Length + 2L * 1024 * 1024 * 1024, new FileInfo(file).Length);
            await using var source = new FileRangeSource(file);

            var header = await SafetensorsHeaderReader.ReadAsync(source, "model.safetensors", CancellationToken.None);

            Assert.Equal(new FileInfo(file).Length, header.FileLength);
            Assert.Equal([512L, 1024L, 1024L], header.Tensors[0].Shape);
            Assert.Equal(1, source.Statistics.Reads);
            Assert.True(source.Statistics.BytesRead <= SafetensorsHeaderReader.FirstReadLength);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A minimal source over one local file (the real folder source lives elsewhere).</summary>
    private sealed class FileRangeSource(string file) : IArtifactSource
    {
        private readonly FileStream _stream = new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);

        public string Description => $"file {file}";

        public string? RepoId => null;

        public string? Revision => null;

        public ReadStatistics Statistics { get; } = new();

        public Task<IReadOnlyList<ArtifactEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ArtifactEntry>>([new ArtifactEntry(System.IO.Path.GetFileName(file), _stream.Length)]);

        public Task<byte[]> ReadAllAsync(string path, long maxBytes, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Header readers must not read whole weight files.");

        public async Task<RangeRead> ReadRangeAsync(string path, long offset, int count, CancellationToken cancellationToken = default)
        {
            var buffer = new byte[(int)Math.Clamp(_stream.Length - offset, 0, count)];
            var read = await RandomAccess.ReadAsync(_stream.SafeFileHandle, buffer, offset, cancellationToken);
            Statistics.Record(read);
            return new RangeRead(buffer.AsMemory(0, read), _stream.Length);
        }

        public ValueTask DisposeAsync() => _stream.DisposeAsync();
    }
}
