using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Gguf;

/// <summary>
/// Reads the header of a GGUF file (formats.md §2): metadata key/values and the tensor directory, never the tensor
/// data. Versions 2 and 3 are read, little- or big-endian (a byte-swapped file is detected as huggingface.js does).
/// Every count is checked against what could fit in the file before anything is allocated, and the safety caps of
/// huggingface.js apply (§2.3), so a hostile header fails fast with an <see cref="ArtifactException"/>.
/// </summary>
public static class GgufHeaderReader
{
    /// <summary>Most metadata entries accepted.</summary>
    public const int MaxMetadataCount = 100_000;

    /// <summary>
    /// Most tensors accepted. huggingface.js allows 10,000,000; the largest real models have a few thousand, and the
    /// directory is kept in memory, so the cap is lower.
    /// </summary>
    public const int MaxTensorCount = 1_000_000;

    /// <summary>Most elements of one metadata array.</summary>
    public const int MaxArrayLength = 1_000_000;

    /// <summary>
    /// Most elements one metadata value keeps, its nested arrays' included; an array beyond it is kept only as a
    /// <see cref="GgufArraySummary"/> (tokenizer vocabularies).
    /// </summary>
    public const int MaxKeptArrayLength = 64;

    /// <summary>Longest string value (chat templates, tokenizer JSON): 10 MB.</summary>
    public const int MaxStringLength = 10_000_000;

    /// <summary>Longest metadata key or tensor name: the spec caps keys at 65,535 bytes.</summary>
    public const int MaxNameLength = 65_535;

    /// <summary>Most dimensions of a tensor (ggml uses 4; huggingface.js accepts 8).</summary>
    public const int MaxDimensions = 8;

    /// <summary>Largest single dimension (huggingface.js's cap; the largest real ones are vocabulary sizes).</summary>
    public const long MaxDimension = 1L << 32;

    /// <summary>Deepest nesting of arrays within arrays.</summary>
    public const int MaxArrayNesting = 4;

    /// <summary>Alignment when <c>general.alignment</c> is absent.</summary>
    public const uint DefaultAlignment = 32;

    private static ReadOnlySpan<byte> Magic => "GGUF"u8;

    // Fewest bytes a metadata entry (empty key, type, 1-byte value) and a tensor info (empty name, n_dims, type,
    // offset) can take: used to reject impossible counts before allocating for them.
    private const int MinMetadataEntryBytes = 8 + 4 + 1;
    private const int MinTensorInfoBytes = 8 + 4 + 4 + 8;

    /// <summary>Reads the header of <paramref name="path"/> incrementally in 1 MiB ranged reads.</summary>
    /// <exception cref="ArtifactException">The file is not a valid GGUF file or its header breaks a cap.</exception>
    public static Task<GgufHeader> ReadAsync(IArtifactSource source, string path, CancellationToken ct) =>
        ReadAsync(source, path, GgufReadOptions.Default, ct);

    /// <summary>Reads the header of <paramref name="path"/> incrementally with the given chunk size and cap.</summary>
    /// <exception cref="ArtifactException">The file is not a valid GGUF file or its header breaks a cap.</exception>
    public static async Task<GgufHeader> ReadAsync(IArtifactSource source, string path, GgufReadOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckOptions(options);
        var reader = new GgufByteReader(path, source, options);
        return await ReadHeaderAsync(path, reader, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses a header from bytes in memory: the whole file, or its start when <paramref name="fileLength"/> gives
    /// the real length (then the bytes must reach at least the end of the header).
    /// </summary>
    /// <exception cref="ArtifactException">The file is not a valid GGUF file or its header breaks a cap.</exception>
    public static GgufHeader Parse(string file, ReadOnlyMemory<byte> bytes, long? fileLength = null)
    {
        var length = fileLength ?? bytes.Length;
        if (length < bytes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(fileLength), "The file cannot be shorter than the bytes given.");
        }

        var reader = new GgufByteReader(file, bytes, length, GgufReadOptions.Default);

        // Nothing is fetched from memory, so the task has already completed when it returns.
        return ReadHeaderAsync(file, reader, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static void CheckOptions(GgufReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 64, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxHeaderBytes, 64, nameof(options));
    }

    private static async ValueTask<GgufHeader> ReadHeaderAsync(string file, GgufByteReader reader, CancellationToken ct)
    {
        var version = await ReadPreambleAsync(file, reader, ct).ConfigureAwait(false);

        await reader.EnsureAsync(16, ct).ConfigureAwait(false);
        var tensorCount = reader.ReadUInt64();
        var metadataCount = reader.ReadUInt64();
        CheckCounts(file, reader, tensorCount, metadataCount);

        var metadata = new Dictionary<string, object>((int)Math.Min(metadataCount, 1024), StringComparer.Ordinal);
        for (ulong i = 0; i < metadataCount; i++)
        {
            var key = await ReadNameAsync(file, reader, "metadata key", ct).ConfigureAwait(false);
            var value = await GgufValueReader.ReadEntryValueAsync(file, reader, key, ct).ConfigureAwait(false);
            if (!metadata.TryAdd(key, value))
            {
                throw new ArtifactException(file, $"GGUF metadata has the key {MessageText.Quote(key)} twice");
            }
        }

        Identifiers.Checked(file, "general.architecture", metadata.GetValueOrDefault("general.architecture") as string);
        var alignment = Alignment(file, metadata);
        var tensors = await ReadTensorInfosAsync(file, reader, (int)tensorCount, alignment, ct).ConfigureAwait(false);

        var dataOffset = AlignUp(reader.Position, alignment);
        CheckTensorsFit(file, reader.FileLength!.Value, dataOffset, tensors);

        return new GgufHeader(file, version, metadata, tensors, alignment, dataOffset)
        {
            FileTypeName = metadata.TryGetValue("general.file_type", out var fileType) && GgufHeader.AsInteger(fileType) is { } ft
                ? LlamaFileTypes.Name(ft)
                : null,
            FileLength = reader.FileLength,
            IsBigEndian = reader.BigEndian,
        };
    }

    /// <summary>Magic and version; sets the reader's byte order.</summary>
    private static async ValueTask<uint> ReadPreambleAsync(string file, GgufByteReader reader, CancellationToken ct)
    {
        await reader.EnsureAsync(8, ct).ConfigureAwait(false);
        var magic = reader.ReadBytes(4);
        if (!magic.SequenceEqual(Magic))
        {
            throw new ArtifactException(file, $"not a GGUF file: it starts with {Convert.ToHexString(magic)} instead of 'GGUF' (47475546)");
        }

        // There is no endianness flag: a big-endian file's version reads as 0x03000000 little-endian, so the low
        // 16 bits are zero — then it is read again big-endian (huggingface.js; ggml rejects such files).
        var version = reader.ReadUInt32();
        if ((version & 0xFFFF) == 0)
        {
            reader.BigEndian = true;
            version = BinaryPrimitives.ReverseEndianness(version);
        }

        return version switch
        {
            2 or 3 => version,
            1 => throw new ArtifactException(file, "GGUF version 1 is not supported (it used 32-bit counts; llama.cpp no longer reads it)"),
            _ => throw new ArtifactException(file, $"unsupported GGUF version {version} (only 2 and 3 exist)"),
        };
    }

    private static void CheckCounts(string file, GgufByteReader reader, ulong tensorCount, ulong metadataCount)
    {
        if (metadataCount > MaxMetadataCount)
        {
            throw new ArtifactException(file, $"GGUF header declares {metadataCount} metadata entries; at most {MaxMetadataCount:N0} are accepted");
        }

        if (tensorCount > MaxTensorCount)
        {
            throw new ArtifactException(file, $"GGUF header declares {tensorCount} tensors; at most {MaxTensorCount:N0} are accepted");
        }

        // Both counts are now small, so this cannot overflow.
        var minimumBytes = (long)metadataCount * MinMetadataEntryBytes + (long)tensorCount * MinTensorInfoBytes;
        var room = reader.Limit - reader.Position;
        if (minimumBytes > room)
        {
            throw new ArtifactException(
                file,
                $"GGUF header declares {tensorCount} tensors and {metadataCount} metadata entries, which need at least {minimumBytes} bytes but only {room} remain");
        }
    }

    /// <summary>A length-prefixed name (metadata key or tensor name).</summary>
    private static async ValueTask<string> ReadNameAsync(string file, GgufByteReader reader, string what, CancellationToken ct)
    {
        await reader.EnsureAsync(8, ct).ConfigureAwait(false);
        var at = reader.Position;
        var length = reader.ReadUInt64();
        if (length > MaxNameLength)
        {
            throw new ArtifactException(file, $"GGUF {what} at byte {at} is {length} bytes long; at most {MaxNameLength} are accepted");
        }

        return await reader.ReadStringAsync((int)length, ct).ConfigureAwait(false);
    }

    private static uint Alignment(string file, Dictionary<string, object> metadata)
    {
        if (!metadata.TryGetValue("general.alignment", out var value))
        {
            return DefaultAlignment;
        }

        // The spec wants a UINT32; any integer type is read (as for other counts) but the value must be a power of two.
        var alignment = GgufHeader.AsInteger(value);
        if (alignment is not (> 0 and <= uint.MaxValue) || !BitOperations.IsPow2(alignment.Value))
        {
            throw new ArtifactException(file, $"general.alignment {Describe(value)} is not a power of two");
        }

        return (uint)alignment.Value;
    }

    /// <summary>A metadata value of any type as short one-line text: a hostile string could hold any length and any line breaks.</summary>
    private static string Describe(object value) => value switch
    {
        string text => MessageText.Quote(text),
        GgufArraySummary summary => $"(an array of {summary.Count} {summary.ElementType} values)",
        IReadOnlyList<object> list => $"(an array of {list.Count} values)",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => MessageText.Quote(value.ToString() ?? string.Empty),
    };

    private static async ValueTask<List<GgufTensor>> ReadTensorInfosAsync(
        string file, GgufByteReader reader, int count, uint alignment, CancellationToken ct)
    {
        var tensors = new List<GgufTensor>(Math.Min(count, 4096));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = await ReadNameAsync(file, reader, "tensor name", ct).ConfigureAwait(false);
            if (!names.Add(name))
            {
                throw new ArtifactException(file, $"GGUF tensor {MessageText.Quote(name)} is listed twice");
            }

            await reader.EnsureAsync(4, ct).ConfigureAwait(false);
            var dimensions = reader.ReadUInt32();
            if (dimensions > MaxDimensions)
            {
                throw new ArtifactException(file, $"GGUF tensor {MessageText.Quote(name)} has {dimensions} dimensions; at most {MaxDimensions} are accepted");
            }

            await reader.EnsureAsync((int)dimensions * 8 + 4 + 8, ct).ConfigureAwait(false);
            var shape = new long[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                var dimension = reader.ReadUInt64();
                if (dimension > MaxDimension)
                {
                    throw new ArtifactException(file, $"GGUF tensor {MessageText.Quote(name)} has dimension {dimension}, larger than 2^32");
                }

                // GGUF stores ggml order (innermost first); shapes are outermost first, as PyTorch writes them.
                shape[dimensions - 1 - d] = (long)dimension;
            }

            var typeId = reader.ReadUInt32();
            var offset = reader.ReadUInt64();
            var type = TensorType(file, name, typeId);
            var byteSize = TensorByteSize(file, name, shape, type);
            if (offset > long.MaxValue)
            {
                throw new ArtifactException(file, $"GGUF tensor {MessageText.Quote(name)} offset {offset} is beyond any file");
            }

            if (offset % alignment != 0)
            {
                throw new ArtifactException(
                    file, $"GGUF tensor {MessageText.Quote(name)} offset {offset} is not a multiple of the {alignment}-byte alignment");
            }

            tensors.Add(new GgufTensor(name, type.Name, shape, (long)offset, byteSize));
        }

        return tensors;
    }

    private static GgmlType TensorType(string file, string name, uint typeId)
    {
        if (GgmlTypes.TryFind(typeId, out var type))
        {
            return type;
        }

        throw new ArtifactException(
            file,
            GgmlTypes.Removed.TryGetValue(typeId, out var removed)
                ? $"GGUF tensor {MessageText.Quote(name)} uses ggml type {typeId} ({removed}), which was removed from the format"
                : $"GGUF tensor {MessageText.Quote(name)} uses unknown ggml type id {typeId}");
    }

    /// <summary>elements / block size × bytes per block; rows must hold whole blocks.</summary>
    private static long TensorByteSize(string file, string name, long[] shape, GgmlType type)
    {
        var rowLength = shape.Length == 0 ? 1 : shape[^1];
        if (rowLength % type.BlockSize != 0)
        {
            throw new ArtifactException(
                file, $"GGUF tensor {MessageText.Quote(name)} has rows of {rowLength} elements, not a multiple of the {type.Name} block size {type.BlockSize}");
        }

        try
        {
            long elements = 1;
            foreach (var dimension in shape)
            {
                elements = checked(elements * dimension);
            }

            return checked(elements / type.BlockSize * type.TypeSize);
        }
        catch (OverflowException)
        {
            throw new ArtifactException(file, $"GGUF tensor {MessageText.Quote(name)} shape [{string.Join(", ", shape)}] is too large to have a byte size");
        }
    }

    private static void CheckTensorsFit(string file, long fileLength, long dataOffset, List<GgufTensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            // Offsets < 2^63 and sizes < 2^63 but their sum may not be: compare by subtraction.
            if (dataOffset > fileLength || tensor.Offset > fileLength - dataOffset || tensor.ByteSize > fileLength - dataOffset - tensor.Offset)
            {
                throw new ArtifactException(
                    file,
                    $"GGUF tensor {MessageText.Quote(tensor.Name)} ({tensor.ByteSize} bytes at data offset {tensor.Offset}) extends beyond the end of the {fileLength}-byte file");
            }
        }
    }

    private static long AlignUp(long offset, uint alignment) => offset + (alignment - offset % alignment) % alignment;
}
