using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Safetensors;

/// <summary>
/// Reads and validates the header of a safetensors file (formats.md §1) without touching the tensor data:
/// an 8-byte little-endian length N, then N bytes of JSON. Validation follows the Rust reference reader (§1.4),
/// so a header this reader accepts is one the safetensors crate would load.
/// </summary>
public static class SafetensorsHeaderReader
{
    /// <summary>Largest header accepted: 100 MiB (the crate allows 100,000,000 bytes; the issue says "≤ 100 MiB").</summary>
    public const long MaxHeaderLength = 100L * 1024 * 1024;

    /// <summary>
    /// Most tensors one header may list, as for GGUF headers and weight maps: real files hold a few thousand, and a
    /// 100 MiB header of empty tensors lists 1.9 million, which took 1.7 GB and 10 s to read and fingerprint.
    /// </summary>
    public const int MaxTensors = 1_000_000;

    /// <summary>
    /// Bytes asked for by the first read. Small on purpose: headers of small models fit, and a bigger header costs
    /// one more read of exactly its remainder, so a model's bytes read stay close to its header size (huggingface_hub
    /// asks for 100,001 bytes at once, which is 0.1% of a 100 MB model before any header is parsed).
    /// </summary>
    public const int FirstReadLength = 4096;

    /// <summary>Size of the little-endian u64 header-length prefix.</summary>
    public const int PrefixLength = 8;

    /// <summary>Reads N, the header length, from the first 8 bytes of a file.</summary>
    /// <exception cref="ArgumentException">Fewer than 8 bytes were given.</exception>
    public static ulong ReadHeaderLength(ReadOnlySpan<byte> fileStart)
    {
        if (fileStart.Length < PrefixLength)
        {
            throw new ArgumentException($"The header length needs {PrefixLength} bytes, got {fileStart.Length}.", nameof(fileStart));
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(fileStart);
    }

    /// <summary>
    /// Reads a header through <paramref name="source"/> with at most two ranged reads whatever the file size:
    /// the first <see cref="FirstReadLength"/> bytes, then — only for a larger header — exactly the rest of it.
    /// </summary>
    /// <exception cref="ArtifactException">The file is not a valid safetensors file.</exception>
    public static Task<SafetensorsHeader> ReadAsync(IArtifactSource source, string path, CancellationToken ct) =>
        ReadAsync(source, path, budget: null, ct);

    /// <summary>
    /// As <see cref="ReadAsync(IArtifactSource, string, CancellationToken)"/>, taking the header's length from
    /// <paramref name="budget"/> (shared by a model's files) before the header is read.
    /// </summary>
    /// <exception cref="ArtifactException">The file is not a valid safetensors file, or the budget is spent.</exception>
    public static async Task<SafetensorsHeader> ReadAsync(IArtifactSource source, string path, SafetensorsHeaderBudget? budget, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var first = await source.ReadRangeAsync(path, 0, FirstReadLength, ct).ConfigureAwait(false);
        var fileLength = first.TotalLength;
        var headerLength = CheckHeaderLength(path, first.Bytes.Span, fileLength);
        budget?.Take(path, headerLength);

        // CheckHeaderLength bounds N by 100 MiB, so the casts below cannot overflow.
        var headerEnd = PrefixLength + (int)headerLength;
        if (headerEnd <= first.Bytes.Length)
        {
            return Parse(path, first.Bytes.Span[PrefixLength..headerEnd], headerLength, fileLength);
        }

        var have = first.Bytes.Length;
        var second = await source.ReadRangeAsync(path, have, headerEnd - have, ct).ConfigureAwait(false);
        if (second.Bytes.Length != headerEnd - have)
        {
            throw new ArtifactException(
                path, $"the file ended after {have - PrefixLength + second.Bytes.Length} of the {headerLength} header bytes (it changed while being read?)");
        }

        // The joined header lives only while it is parsed (names are copied out as strings), so it is borrowed.
        var header = ArrayPool<byte>.Shared.Rent((int)headerLength);
        try
        {
            first.Bytes.Span[PrefixLength..].CopyTo(header);
            second.Bytes.Span.CopyTo(header.AsSpan(have - PrefixLength));
            return Parse(path, header.AsSpan(0, (int)headerLength), headerLength, fileLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    /// <summary>
    /// Parses a header from the start of a file held in memory: <paramref name="fileStart"/> must hold at least
    /// the 8 + N header bytes (it may be the whole file); <paramref name="fileLength"/> is the real file length.
    /// </summary>
    /// <exception cref="ArtifactException">The file is not a valid safetensors file, or <paramref name="fileStart"/>
    /// stops inside the header.</exception>
    public static SafetensorsHeader ParseFile(string file, ReadOnlySpan<byte> fileStart, long fileLength)
    {
        var headerLength = CheckHeaderLength(file, fileStart, fileLength);
        var headerEnd = PrefixLength + headerLength;
        if (headerEnd > fileStart.Length)
        {
            throw new ArtifactException(file, $"only {fileStart.Length} bytes were read, but the header ends at byte {headerEnd}");
        }

        return Parse(file, fileStart[PrefixLength..(int)headerEnd], headerLength, fileLength);
    }

    /// <summary>Parses a whole safetensors file held in memory.</summary>
    public static SafetensorsHeader ParseFile(string file, ReadOnlySpan<byte> wholeFile) =>
        ParseFile(file, wholeFile, wholeFile.Length);

    /// <summary>
    /// The pure parser: validates <paramref name="headerJson"/> (the N header bytes) against the file's layout.
    /// </summary>
    /// <param name="file">Path of the file inside the model, for messages.</param>
    /// <param name="headerJson">The N bytes after the length prefix.</param>
    /// <param name="headerLength">N as read from the prefix (must equal <paramref name="headerJson"/>'s length).</param>
    /// <param name="fileLength">Total file length, to check the data buffer ends exactly at the end of the file.</param>
    /// <exception cref="ArtifactException">The header is invalid.</exception>
    public static SafetensorsHeader Parse(string file, ReadOnlySpan<byte> headerJson, long headerLength, long fileLength)
    {
        if (headerJson.Length != headerLength)
        {
            throw new ArgumentException(
                $"The header JSON is {headerJson.Length} bytes but the header length is {headerLength}.", nameof(headerJson));
        }

        if (!Utf8.IsValid(headerJson))
        {
            throw new ArtifactException(file, "header is not valid UTF-8");
        }

        var (entries, metadata) = SafetensorsHeaderJson.Parse(file, headerJson);
        SafetensorsLayout.Validate(file, entries, headerLength, fileLength);

        var tensors = new SafetensorsTensor[entries.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            tensors[i] = entries[i].Tensor;
        }

        return new SafetensorsHeader(file, headerLength, fileLength, tensors, metadata);
    }

    /// <summary>Reads N and applies the crate's checks 1–3 on it (§1.4) before any JSON is looked at.</summary>
    private static long CheckHeaderLength(string file, ReadOnlySpan<byte> fileStart, long fileLength)
    {
        if (fileLength < PrefixLength || fileStart.Length < PrefixLength)
        {
            throw new ArtifactException(
                file, $"the file is {fileLength} bytes long, too short for the {PrefixLength}-byte header length");
        }

        var headerLength = ReadHeaderLength(fileStart);
        if (headerLength > MaxHeaderLength)
        {
            throw new ArtifactException(file, $"header length {headerLength} exceeds the 100 MiB limit");
        }

        if (PrefixLength + (long)headerLength > fileLength)
        {
            throw new ArtifactException(file, $"header length {headerLength} is beyond the end of the {fileLength}-byte file");
        }

        return (long)headerLength;
    }
}
