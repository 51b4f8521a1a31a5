using System.Buffers.Binary;
using System.Text;
using Dara.Cloud.Analysis.Formats.Gguf;

namespace Dara.Cloud.Testing.Builders;

/// <summary>
/// Builds GGUF files in code (formats.md §2): a version 3 little-endian file by default, metadata of every value type
/// including nested arrays, and tensors of given ggml types and shapes (outermost first, written in ggml order) laid
/// out at aligned offsets, with real zero-filled data. Options make deliberately broken variants: other magic or
/// version, big-endian, lying counts, raw tensor infos with any type id, offset or dims.
/// </summary>
public sealed class GgufBuilder
{
    private readonly List<(string Key, GgufValue Value)> _metadata = [];
    private readonly List<TensorInfo> _tensors = [];
    private byte[] _magic = "GGUF"u8.ToArray();
    private uint _version = 3;
    private bool _bigEndian;
    private uint _alignment = GgufHeaderReader.DefaultAlignment;
    private ulong? _tensorCount;
    private ulong? _metadataCount;

    /// <summary>Writes this version number (default 3).</summary>
    public GgufBuilder WithVersion(uint version)
    {
        _version = version;
        return this;
    }

    /// <summary>Writes these four bytes instead of "GGUF".</summary>
    public GgufBuilder WithMagic(byte[] magic)
    {
        _magic = magic;
        return this;
    }

    /// <summary>Writes every number big-endian (the magic stays "GGUF").</summary>
    public GgufBuilder BigEndian()
    {
        _bigEndian = true;
        return this;
    }

    /// <summary>Adds <c>general.alignment</c> (UINT32) and lays tensors out at that alignment.</summary>
    public GgufBuilder WithAlignment(uint alignment)
    {
        _alignment = alignment;
        return Add("general.alignment", GgufValue.UInt32(alignment));
    }

    /// <summary>Declares this tensor count instead of the real one.</summary>
    public GgufBuilder WithTensorCount(ulong count)
    {
        _tensorCount = count;
        return this;
    }

    /// <summary>Declares this metadata count instead of the real one.</summary>
    public GgufBuilder WithMetadataCount(ulong count)
    {
        _metadataCount = count;
        return this;
    }

    /// <summary>Adds a metadata entry (keys may repeat, to build invalid files).</summary>
    public GgufBuilder Add(string key, GgufValue value)
    {
        _metadata.Add((key, value));
        return this;
    }

    public GgufBuilder AddString(string key, string value) => Add(key, GgufValue.String(value));

    public GgufBuilder AddUInt32(string key, uint value) => Add(key, GgufValue.UInt32(value));

    /// <summary>
    /// Adds a tensor of ggml type <paramref name="ggmlType"/> (F32, Q4_K…) and PyTorch-order
    /// <paramref name="shape"/>, placed after the previous tensor at the next aligned data offset.
    /// </summary>
    public GgufBuilder AddTensor(string name, string ggmlType, params long[] shape)
    {
        if (!GgmlTypes.TryFind(ggmlType, out var type))
        {
            throw new ArgumentException($"Unknown ggml type {ggmlType}; use AddRawTensor to write one anyway.", nameof(ggmlType));
        }

        var elements = shape.Aggregate(1L, (n, d) => n * d);
        var byteSize = elements / type.BlockSize * type.TypeSize;
        var dims = shape.Reverse().Select(d => (ulong)d).ToArray();
        _tensors.Add(new TensorInfo(name, type.Id, dims, NextDataOffset, byteSize));
        return this;
    }

    /// <summary>Adds a tensor info written verbatim: any type id, dims in ggml order (innermost first), any offset.</summary>
    public GgufBuilder AddRawTensor(string name, uint typeId, ulong[] ggmlDims, ulong offset, long byteSize = 0)
    {
        _tensors.Add(new TensorInfo(name, typeId, ggmlDims, offset, byteSize));
        return this;
    }

    /// <summary>Where the data section starts (the header padded to the alignment).</summary>
    public long DataOffset => Align(WriteHeader().LongLength);

    /// <summary>The whole file's length.</summary>
    public long FileLength => DataOffset + DataLength;

    /// <summary>The header, without the padding before the data section.</summary>
    public byte[] ToHeaderBytes() => WriteHeader();

    /// <summary>The whole file: header, padding and zero-filled tensor data.</summary>
    public byte[] ToBytes()
    {
        var header = WriteHeader();
        var bytes = new byte[checked((int)(Align(header.LongLength) + DataLength))];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>Writes the file (the zero data by extending it, so large files cost little).</summary>
    public void WriteTo(string path)
    {
        var header = WriteHeader();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(header);
        stream.SetLength(Align(header.LongLength) + DataLength);
    }

    // Each tensor's data is padded to the alignment, as gguf-py writes it.
    private long DataLength => _tensors.Count == 0 ? 0 : _tensors.Max(t => (long)t.Offset + Align(t.ByteSize));

    private ulong NextDataOffset => (ulong)DataLength;

    private long Align(long offset) => offset + (_alignment - offset % _alignment) % _alignment;

    private byte[] WriteHeader()
    {
        var writer = new Writer(_bigEndian);
        writer.Bytes(_magic);
        writer.UInt32(_version);
        writer.UInt64(_tensorCount ?? (ulong)_tensors.Count);
        writer.UInt64(_metadataCount ?? (ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            writer.String(key);
            writer.UInt32(value.TypeId);
            WriteValue(writer, value);
        }

        foreach (var tensor in _tensors)
        {
            writer.String(tensor.Name);
            writer.UInt32((uint)tensor.GgmlDims.Length);
            foreach (var dim in tensor.GgmlDims)
            {
                writer.UInt64(dim);
            }

            writer.UInt32(tensor.TypeId);
            writer.UInt64(tensor.Offset);
        }

        return writer.ToArray();
    }

    private static void WriteValue(Writer writer, GgufValue value)
    {
        switch (value.Payload)
        {
            case GgufRawPayload raw:
                writer.Bytes(raw.Bytes);
                break;
            case GgufArrayPayload array:
                writer.UInt32(array.ElementTypeId);
                writer.UInt64((ulong)array.Items.Count);
                foreach (var item in array.Items)
                {
                    WriteValue(writer, item);
                }

                break;
            case byte b:
                writer.Bytes([b]);
                break;
            case sbyte sb:
                writer.Bytes([(byte)sb]);
                break;
            case bool flag:
                writer.Bytes([flag ? (byte)1 : (byte)0]);
                break;
            case ushort u16:
                writer.UInt16(u16);
                break;
            case short i16:
                writer.UInt16((ushort)i16);
                break;
            case uint u32:
                writer.UInt32(u32);
                break;
            case int i32:
                writer.UInt32((uint)i32);
                break;
            case ulong u64:
                writer.UInt64(u64);
                break;
            case long i64:
                writer.UInt64((ulong)i64);
                break;
            case float f32:
                writer.UInt32((uint)BitConverter.SingleToInt32Bits(f32));
                break;
            case double f64:
                writer.UInt64((ulong)BitConverter.DoubleToInt64Bits(f64));
                break;
            case string text:
                writer.String(text);
                break;
            default:
                throw new InvalidOperationException($"Cannot write a {value.Payload.GetType().Name}.");
        }
    }

    private sealed record TensorInfo(string Name, uint TypeId, ulong[] GgmlDims, ulong Offset, long ByteSize);

    /// <summary>Appends numbers in the chosen byte order.</summary>
    private sealed class Writer(bool bigEndian)
    {
        private readonly MemoryStream _stream = new();

        public void Bytes(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

        public void UInt16(ushort value)
        {
            Span<byte> span = stackalloc byte[2];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(span, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(span, value);
            }

            Bytes(span);
        }

        public void UInt32(uint value)
        {
            Span<byte> span = stackalloc byte[4];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, value);
            }

            Bytes(span);
        }

        public void UInt64(ulong value)
        {
            Span<byte> span = stackalloc byte[8];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt64BigEndian(span, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span, value);
            }

            Bytes(span);
        }

        public void String(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            UInt64((ulong)bytes.Length);
            Bytes(bytes);
        }

        public byte[] ToArray() => _stream.ToArray();
    }
}
