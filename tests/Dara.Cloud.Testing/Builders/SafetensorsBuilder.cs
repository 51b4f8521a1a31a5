using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dara.Cloud.Analysis.Formats.Safetensors;

namespace Dara.Cloud.Testing.Builders;

/// <summary>
/// Builds small safetensors files in code: tensors by name, dtype and shape (offsets laid out contiguously, data all
/// zeros), optional <c>__metadata__</c>, the header padded with spaces to a multiple of 8 as the Rust writer does.
/// The <c>With…</c> methods make deliberately broken variants (wrong header length, holes, trailing bytes, any JSON).
/// </summary>
public sealed class SafetensorsBuilder
{
    private readonly List<TensorEntry> _tensors = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private string? _headerJson;
    private ulong? _declaredHeaderLength;
    private long _extraDataBytes;
    private bool _pad = true;

    /// <summary>
    /// Adds a tensor right after the previous one; its byte size follows from dtype and shape (rounded up to whole
    /// bytes, so an odd number of 4-bit elements makes a deliberately misaligned tensor).
    /// </summary>
    /// <exception cref="ArgumentException">The dtype is unknown (use <see cref="AddWithOffsets"/> for that).</exception>
    public SafetensorsBuilder Add(string name, string dtype, params long[] shape)
    {
        if (!SafetensorsDTypes.TryFind(dtype, out var type))
        {
            throw new ArgumentException($"Unknown dtype {dtype}; use AddWithOffsets to write one anyway.", nameof(dtype));
        }

        var bits = shape.Aggregate(1L, (n, d) => n * d) * type.Bits;
        var begin = NextOffset;
        return AddWithOffsets(name, dtype, shape, begin, begin + (bits + 7) / 8);
    }

    /// <summary>Adds a tensor with explicit data offsets and any dtype string, valid or not.</summary>
    public SafetensorsBuilder AddWithOffsets(string name, string dtype, long[] shape, long begin, long end)
    {
        _tensors.Add(new TensorEntry(name, dtype, shape, begin, end));
        return this;
    }

    /// <summary>Adds a <c>__metadata__</c> entry.</summary>
    public SafetensorsBuilder WithMetadata(string key, string value)
    {
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>Writes this text as the header instead of the generated JSON (still padded unless <see cref="WithoutPadding"/>).</summary>
    public SafetensorsBuilder WithHeaderJson(string json)
    {
        _headerJson = json;
        return this;
    }

    /// <summary>Writes this value as N instead of the real header length.</summary>
    public SafetensorsBuilder WithDeclaredHeaderLength(ulong headerLength)
    {
        _declaredHeaderLength = headerLength;
        return this;
    }

    /// <summary>Adds (positive) or removes (negative) bytes at the end of the data buffer.</summary>
    public SafetensorsBuilder WithExtraDataBytes(long bytes)
    {
        _extraDataBytes = bytes;
        return this;
    }

    /// <summary>Does not pad the header to a multiple of 8.</summary>
    public SafetensorsBuilder WithoutPadding()
    {
        _pad = false;
        return this;
    }

    /// <summary>The header JSON that will be written, before padding.</summary>
    public string HeaderJson => _headerJson ?? GenerateHeaderJson();

    /// <summary>Bytes of tensor data (the furthest END plus any extra bytes).</summary>
    public long DataLength => NextOffset + _extraDataBytes;

    /// <summary>The length of the whole file.</summary>
    public long FileLength => HeaderBytes().LongLength + DataLength;

    /// <summary>The 8-byte length prefix and the (padded) header: the start of the file.</summary>
    public byte[] HeaderBytes()
    {
        var json = Encoding.UTF8.GetBytes(HeaderJson);
        var padded = _pad ? (json.Length + 7) / 8 * 8 : json.Length;
        var bytes = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, _declaredHeaderLength ?? (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length).Fill((byte)' ');
        return bytes;
    }

    /// <summary>The whole file: header and zero-filled data.</summary>
    /// <exception cref="InvalidOperationException">The file is too large for an array (use <see cref="WriteTo"/>).</exception>
    public byte[] ToBytes()
    {
        var header = HeaderBytes();
        var length = header.LongLength + DataLength;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"A {length}-byte file does not fit in an array; use WriteTo.");
        }

        var bytes = new byte[Math.Max(length, 0)];
        header.AsSpan(0, (int)Math.Min(header.Length, bytes.Length)).CopyTo(bytes);
        return bytes;
    }

    /// <summary>
    /// Writes the file; the data is produced by extending the file, so on most file systems a multi-GiB file of
    /// zeros is sparse and written in milliseconds.
    /// </summary>
    public void WriteTo(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        var header = HeaderBytes();
        stream.Write(header);
        stream.SetLength(Math.Max(0, header.LongLength + DataLength));
    }

    private long NextOffset => _tensors.Count == 0 ? 0 : _tensors.Max(t => t.End);

    private string GenerateHeaderJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (_metadata.Count > 0)
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in _metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            foreach (var tensor in _tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType);
                writer.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(tensor.Begin);
                writer.WriteNumberValue(tensor.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed record TensorEntry(string Name, string DType, long[] Shape, long Begin, long End);
}
