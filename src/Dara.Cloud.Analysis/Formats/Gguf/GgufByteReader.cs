using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Gguf;

/// <summary>
/// Sequential reader of a GGUF header that pulls the file in chunks as the parser advances, so a remote file is
/// read incrementally and only as far as its header goes. The parser asks for bytes with <see cref="EnsureAsync"/>
/// (which completes synchronously while the buffer holds them) and then reads them synchronously.
/// Reading past <see cref="GgufReadOptions.MaxHeaderBytes"/> or the end of the file is an <see cref="ArtifactException"/>.
/// </summary>
internal sealed class GgufByteReader
{
    private readonly string _file;
    private readonly IArtifactSource? _source;
    private readonly int _chunkSize;
    private readonly long _maxHeaderBytes;
    private Memory<byte> _buffer;
    private int _next;      // index in _buffer of the next unread byte
    private int _end;       // index in _buffer after the last valid byte
    private long _bufferAt; // file offset of _buffer[0]
    private bool _atEndOfFile;

    /// <summary>A reader over bytes already in memory: the start of a file of <paramref name="fileLength"/> bytes.</summary>
    public GgufByteReader(string file, ReadOnlyMemory<byte> bytes, long fileLength, GgufReadOptions options)
    {
        _file = file;
        _chunkSize = options.ChunkSize;
        _maxHeaderBytes = options.MaxHeaderBytes;

        // Never written to: Memory<byte> only so that both modes share one buffer field.
        _buffer = MemoryMarshal.AsMemory(bytes);
        _end = bytes.Length;
        _atEndOfFile = true;
        FileLength = fileLength;
    }

    /// <summary>A reader that fetches <paramref name="path"/> from <paramref name="source"/> chunk by chunk.</summary>
    public GgufByteReader(string path, IArtifactSource source, GgufReadOptions options)
    {
        _file = path;
        _source = source;
        _chunkSize = options.ChunkSize;
        _maxHeaderBytes = options.MaxHeaderBytes;
        _buffer = Memory<byte>.Empty;
    }

    /// <summary>Total file length; known once the first chunk has been read.</summary>
    public long? FileLength { get; private set; }

    /// <summary>Whether multi-byte values are big-endian (a byte-swapped GGUF, as huggingface.js detects it).</summary>
    public bool BigEndian { get; set; }

    /// <summary>File offset of the next byte to read.</summary>
    public long Position => _bufferAt + _next;

    /// <summary>How far the header may extend: the read cap, and the file's end when it is known.</summary>
    public long Limit => FileLength is { } length ? Math.Min(length, _maxHeaderBytes) : _maxHeaderBytes;

    /// <summary>Makes sure the next <paramref name="count"/> bytes are buffered.</summary>
    public ValueTask EnsureAsync(int count, CancellationToken ct) =>
        _end - _next >= count && Position + count <= _maxHeaderBytes ? ValueTask.CompletedTask : FillAsync(count, ct);

    public byte ReadByte() => _buffer.Span[_next++];

    public ushort ReadUInt16()
    {
        var span = Take(2);
        return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32()
    {
        var span = Take(4);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public ulong ReadUInt64()
    {
        var span = Take(8);
        return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);
    }

    public float ReadSingle() => BitConverter.Int32BitsToSingle((int)ReadUInt32());

    public double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadUInt64());

    /// <summary>The next <paramref name="count"/> buffered bytes (call <see cref="EnsureAsync"/> first).</summary>
    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>Reads a UTF-8 string of <paramref name="length"/> bytes (invalid sequences become U+FFFD, as in huggingface.js).</summary>
    public async ValueTask<string> ReadStringAsync(int length, CancellationToken ct)
    {
        await EnsureAsync(length, ct).ConfigureAwait(false);
        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Skips <paramref name="count"/> bytes, fetching them chunk by chunk so skipping never buffers much.</summary>
    public async ValueTask SkipAsync(long count, CancellationToken ct)
    {
        while (count > 0)
        {
            var step = (int)Math.Min(count, _chunkSize);
            await EnsureAsync(step, ct).ConfigureAwait(false);
            _next += step;
            count -= step;
        }
    }

    /// <summary>
    /// Skips up to <paramref name="count"/> consecutive length-prefixed strings as long as they are wholly buffered,
    /// without awaiting anything: the fast path for tokenizer vocabularies, which hold hundreds of thousands of
    /// short strings. Stops (for the caller's checked slow path) at a string that is too long, unbuffered or past the cap.
    /// </summary>
    /// <returns>How many strings were skipped.</returns>
    public int SkipBufferedStrings(int count, int maxLength)
    {
        var span = _buffer.Span;
        var skipped = 0;
        while (skipped < count && _end - _next >= 8)
        {
            var prefix = span.Slice(_next, 8);
            var length = BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(prefix) : BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (length > (ulong)maxLength || length > (ulong)(_end - _next - 8) || Position + 8 + (long)length > _maxHeaderBytes)
            {
                break;
            }

            _next += 8 + (int)length;
            skipped++;
        }

        return skipped;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var span = _buffer.Span.Slice(_next, count);
        _next += count;
        return span;
    }

    private async ValueTask FillAsync(int count, CancellationToken ct)
    {
        if (Position + count > _maxHeaderBytes)
        {
            throw new ArtifactException(
                _file, $"the GGUF header runs past the {_maxHeaderBytes / (1024 * 1024)} MiB read limit (at byte {Position})");
        }

        while (_end - _next < count)
        {
            if (_atEndOfFile || _source is null)
            {
                var availableEnd = Position + (_end - _next);
                throw new ArtifactException(
                    _file,
                    availableEnd < FileLength
                        ? $"the GGUF header goes on past the {availableEnd} bytes given (needed {count} bytes at byte {Position})"
                        : $"the file ends at byte {availableEnd}, inside the GGUF header (needed {count} bytes at byte {Position})");
            }

            await FetchAsync(count, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Appends the next chunk of the file after the buffered bytes, keeping the unread ones.</summary>
    private async ValueTask FetchAsync(int count, CancellationToken ct)
    {
        var unread = _end - _next;
        var fetchAt = _bufferAt + _end;
        var want = (int)Math.Min(Math.Max(_chunkSize, count - unread), _maxHeaderBytes - fetchAt);
        var read = await _source!.ReadRangeAsync(_file, fetchAt, want, ct).ConfigureAwait(false);
        FileLength ??= read.TotalLength;

        var bytes = read.Bytes.Span;
        if (bytes.Length > want)
        {
            bytes = bytes[..want]; // a source must not return more than asked; never trust it to
        }

        var target = _buffer.Length >= unread + bytes.Length ? _buffer : new byte[unread + bytes.Length];
        _buffer.Span.Slice(_next, unread).CopyTo(target.Span); // CopyTo handles the overlap when target is _buffer
        bytes.CopyTo(target.Span[unread..]);
        _buffer = target;
        _bufferAt += _next;
        _next = 0;
        _end = unread + bytes.Length;
        _atEndOfFile = bytes.Length < want || fetchAt + bytes.Length >= read.TotalLength;
    }
}

/// <summary>How a GGUF header is read from a source.</summary>
/// <param name="ChunkSize">Bytes per ranged read (one HTTP range request each).</param>
/// <param name="MaxHeaderBytes">The header must end within this many bytes of the start of the file.</param>
public sealed record GgufReadOptions(int ChunkSize = GgufReadOptions.DefaultChunkSize, long MaxHeaderBytes = GgufReadOptions.DefaultMaxHeaderBytes)
{
    /// <summary>1 MiB: most headers (which are dominated by the tokenizer vocabulary) fit in two or three reads.</summary>
    public const int DefaultChunkSize = 1024 * 1024;

    /// <summary>64 MiB: far above real headers (a 256k-token vocabulary takes ~5 MB), yet bounded.</summary>
    public const long DefaultMaxHeaderBytes = 64L * 1024 * 1024;

    /// <summary>The defaults.</summary>
    public static GgufReadOptions Default { get; } = new();
}
