using System.Buffers.Binary;
using System.Text;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Portal.Components.Check;

namespace Dara.Cloud.Portal.Components.Tests.Check;

public sealed class SafetensorsHeadTests
{

    [Fact]
    public async Task The_head_is_the_length_prefix_and_the_header_and_nothing_of_the_weights()
    {
        var file = Safetensors(rows: 512, columns: 512);
        using var stream = new CountingStream(file);

        var head = await SafetensorsHead.ReadAsync(stream, file.Length, maxHeader: 4096);

        Assert.Equal(file.Length - (512 * 512 * 4), head.Length);
        Assert.Equal(file.AsSpan(0, head.Length).ToArray(), head);
        Assert.Equal(head.Length, stream.BytesRead);
        var parsed = SafetensorsHeaderReader.ParseFile("model.safetensors", head, file.Length);
        Assert.Equal([512L, 512L], Assert.Single(parsed.Tensors).Shape);
    }

    [Fact]
    public async Task A_stream_giving_a_few_bytes_at_a_time_is_read_whole()
    {
        var file = Safetensors(rows: 2, columns: 2);
        using var stream = new CountingStream(file, chunk: 3);

        var head = await SafetensorsHead.ReadAsync(stream, file.Length, maxHeader: 4096);

        Assert.Equal(file.AsSpan(0, head.Length).ToArray(), head);
    }

    [Fact]
    public async Task A_header_longer_than_allowed_is_refused_before_it_is_read()
    {
        var file = Safetensors(rows: 2, columns: 2);
        using var stream = new CountingStream(file);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => SafetensorsHead.ReadAsync(stream, file.Length, maxHeader: 16, file: "shard-1.safetensors"));

        Assert.Equal("shard-1.safetensors", error.File);
        Assert.Contains("exceeds the 16-byte limit", error.Problem, StringComparison.Ordinal);
        Assert.Equal(8, stream.BytesRead);
    }

    [Fact]
    public async Task A_huge_declared_length_is_kept_as_read_for_the_engine_to_report_without_allocating_it()
    {
        var file = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);

        var kept = await SafetensorsHead.ReadAsync(new MemoryStream(file), file.Length, maxHeader: long.MaxValue);

        // As the API keeps an upload's first bytes: the engine says the header is over the format's limit, and the check
        // of the other files goes on (the page used to refuse the whole check here).
        Assert.Equal(file, kept);
    }

    [Fact]
    public async Task A_header_running_past_the_end_of_the_file_is_kept_as_read_for_the_engine_to_report()
    {
        var file = Safetensors(rows: 2, columns: 2)[..20];

        var kept = await SafetensorsHead.ReadAsync(new MemoryStream(file), file.Length, maxHeader: 4096);

        Assert.Equal(file, kept);
    }

    [Fact]
    public async Task A_file_shorter_than_the_length_prefix_is_kept_whole()
    {
        var kept = await SafetensorsHead.ReadAsync(new MemoryStream([1, 2, 3]), 3, maxHeader: 4096);

        Assert.Equal([1, 2, 3], kept);
    }

    [Fact]
    public async Task A_git_lfs_pointer_in_place_of_the_weights_is_kept_whole_for_the_engine_to_pass_over()
    {
        // What a clone without git-lfs leaves: its first eight bytes, "version ", read as a header length of 7.3e18.
        var pointer = Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/v1\noid sha256:" + new string('a', 64) + "\nsize 498818054\n");

        var kept = await SafetensorsHead.ReadAsync(new MemoryStream(pointer), pointer.Length, maxHeader: 4096);

        Assert.Equal(pointer, kept);
    }

    [Fact]
    public async Task Of_a_large_file_without_a_readable_header_only_the_first_bytes_are_read()
    {
        var file = new byte[1 << 20];
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        using var stream = new CountingStream(file);

        var kept = await SafetensorsHead.ReadAsync(stream, file.Length, maxHeader: 4096);

        Assert.Equal(SafetensorsHeaderReader.FirstReadLength, kept.Length);
        Assert.Equal(SafetensorsHeaderReader.FirstReadLength, stream.BytesRead);
    }

    [Fact]
    public async Task A_file_that_ends_early_while_its_header_is_read_is_refused_by_name()
    {
        // The browser gave its length, then fewer bytes: the file changed under the page.
        var file = Safetensors(rows: 2, columns: 2);

        var error = await Assert.ThrowsAsync<ArtifactException>(() =>
            SafetensorsHead.ReadAsync(new MemoryStream(file[..20]), file.Length, maxHeader: 4096, file: "shard-2.safetensors"));

        Assert.Equal("shard-2.safetensors", error.File);
        Assert.Contains("the file ended after 20 of the", error.Problem, StringComparison.Ordinal);
    }

    /// <summary>A safetensors file with one F32 tensor of the given shape (weights all zero).</summary>
    private static byte[] Safetensors(int rows, int columns)
    {
        var weightBytes = rows * columns * 4;
        var json = Encoding.UTF8.GetBytes($$$"""{"w":{"dtype":"F32","shape":[{{{rows}}},{{{columns}}}],"data_offsets":[0,{{{weightBytes}}}]}}""");
        var file = new byte[8 + json.Length + weightBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    /// <summary>A read-only stream over bytes that counts what was read and can hand them out a few at a time, like a network stream.</summary>
    private sealed class CountingStream(byte[] bytes, int chunk = int.MaxValue) : Stream
    {
        private int _position;

        public long BytesRead => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, chunk), bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
