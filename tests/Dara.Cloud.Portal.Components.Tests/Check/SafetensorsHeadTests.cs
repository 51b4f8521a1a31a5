using System.Buffers.Binary;
using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Portal.Components.Check;

namespace Dara.Cloud.Portal.Components.Tests.Check;

public sealed class SafetensorsHeadTests
{
    private const string Header = """{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""";

    [Fact]
    public async Task The_head_is_the_length_prefix_and_the_header_and_nothing_of_the_weights()
    {
        var file = Safetensors(Header, weightBytes: 1 << 20);
        using var stream = new CountingStream(file);

        var head = await SafetensorsHead.ReadAsync(stream, maxHeader: 4096);

        Assert.Equal(8 + Encoding.UTF8.GetByteCount(Header), head.Length);
        Assert.Equal(file.AsSpan(0, head.Length).ToArray(), head);
        Assert.Equal(head.Length, stream.BytesRead);
        var parsed = SafetensorsHeaderReader.ParseFile("model.safetensors", head, file.Length);
        Assert.Equal([2L, 2L], Assert.Single(parsed.Tensors).Shape);
    }

    [Fact]
    public async Task A_stream_giving_a_few_bytes_at_a_time_is_read_whole()
    {
        var file = Safetensors(Header, weightBytes: 16);
        using var stream = new CountingStream(file, chunk: 3);

        var head = await SafetensorsHead.ReadAsync(stream, maxHeader: 4096);

        Assert.Equal(file.AsSpan(0, head.Length).ToArray(), head);
    }

    [Fact]
    public async Task A_header_longer_than_allowed_is_refused_before_it_is_read()
    {
        var file = Safetensors(Header, weightBytes: 16);
        using var stream = new CountingStream(file);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => SafetensorsHead.ReadAsync(stream, maxHeader: 16, file: "shard-1.safetensors"));

        Assert.Equal("shard-1.safetensors", error.File);
        Assert.Contains("exceeds the 16-byte limit", error.Problem, StringComparison.Ordinal);
        Assert.Equal(8, stream.BytesRead);
    }

    [Fact]
    public async Task A_huge_declared_length_is_refused_without_allocating_it()
    {
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, ulong.MaxValue);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => SafetensorsHead.ReadAsync(new MemoryStream(prefix), maxHeader: long.MaxValue));

        Assert.Contains($"exceeds the {SafetensorsHeaderReader.MaxHeaderLength}-byte limit", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_running_past_the_end_of_the_file_is_refused()
    {
        var file = Safetensors(Header, weightBytes: 0)[..20];

        var error = await Assert.ThrowsAsync<ArtifactException>(() => SafetensorsHead.ReadAsync(new MemoryStream(file), maxHeader: 4096));

        Assert.Contains("beyond the end of the file (20 bytes)", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_shorter_than_the_length_prefix_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArtifactException>(() => SafetensorsHead.ReadAsync(new MemoryStream([1, 2, 3]), maxHeader: 4096));

        Assert.Contains("3 bytes long, too short for the 8-byte header length", error.Problem, StringComparison.Ordinal);
    }

    private static byte[] Safetensors(string header, int weightBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + weightBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    /// <summary>A stream over bytes that counts what was read and can hand them out a few at a time, like a network stream.</summary>
    private sealed class CountingStream(byte[] bytes, int chunk = int.MaxValue) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
            BytesRead += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }
}
