namespace Dara.Cloud.Analysis.Formats.Gguf;

/// <summary>The header of a GGUF file (llama.cpp): metadata and tensor directory, never tensor data.</summary>
/// <param name="File">Path of the file inside the model.</param>
/// <param name="Version">GGUF version (2 or 3).</param>
/// <param name="Metadata">Key → value. Values are string, long, ulong, double, bool, or IReadOnlyList&lt;object&gt; for arrays;
/// large arrays (tokenizer vocabularies) are kept only as their element count (<see cref="GgufArraySummary"/>).</param>
/// <param name="Tensors">Tensor directory; shapes outermost first (reversed from GGUF's ggml order), dtype = GGML type name.</param>
/// <param name="Alignment">general.alignment or 32.</param>
/// <param name="DataOffset">Start of the tensor data section (absolute offset in the file).</param>
public sealed record GgufHeader(
    string File,
    uint Version,
    IReadOnlyDictionary<string, object> Metadata,
    IReadOnlyList<GgufTensor> Tensors,
    uint Alignment,
    long DataOffset)
{
    public string? Architecture => Metadata.TryGetValue("general.architecture", out var v) ? v as string : null;

    public string? Name => Metadata.TryGetValue("general.name", out var v) ? v as string : null;

    public string? SizeLabel => Metadata.TryGetValue("general.size_label", out var v) ? v as string : null;

    /// <summary>general.file_type as its llama_ftype name (MOSTLY_Q4_K_M → "Q4_K_M"), when present.</summary>
    public string? FileTypeName { get; init; }

    /// <summary>Total file length in bytes, when the reader knew it.</summary>
    public long? FileLength { get; init; }

    /// <summary>True for a byte-swapped (big-endian) GGUF file.</summary>
    public bool IsBigEndian { get; init; }

    /// <summary>
    /// An integer metadata value whatever its stored integer type (the spec asks readers to accept u32 as well as
    /// u64 for counts); null when absent, not an integer, or a UINT64 above <see cref="long.MaxValue"/>.
    /// </summary>
    public long? GetInteger(string key) => Metadata.TryGetValue(key, out var value) ? AsInteger(value) : null;

    /// <summary>A string metadata value; null when absent or not a string.</summary>
    public string? GetString(string key) => Metadata.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>A metadata value as a signed integer when it is one (see <see cref="GetInteger"/>).</summary>
    public static long? AsInteger(object? value) => value switch
    {
        long l => l,
        ulong u when u <= long.MaxValue => (long)u,
        _ => null,
    };
}

/// <summary>One GGUF tensor-directory entry.</summary>
/// <param name="Name">Tensor name (<c>blk.0.attn_q.weight</c>).</param>
/// <param name="GgmlType">GGML type name (F32, F16, Q4_K…).</param>
/// <param name="Shape">Outermost first (reversed GGUF dims).</param>
/// <param name="Offset">Offset relative to the data section.</param>
/// <param name="ByteSize">Bytes the tensor occupies (from block size and type size).</param>
public sealed record GgufTensor(string Name, string GgmlType, IReadOnlyList<long> Shape, long Offset, long ByteSize)
{
    public TensorSpec ToSpec() => new(Name, GgmlType, Shape);
}

/// <summary>A metadata array too large to keep (tokenizer tokens, scores…): its element type and count.</summary>
public sealed record GgufArraySummary(string ElementType, long Count);
