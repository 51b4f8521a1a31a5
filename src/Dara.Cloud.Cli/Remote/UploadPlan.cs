using System.Buffers.Binary;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Formats.Gguf;
using Dara.Cloud.Analysis.Formats.Safetensors;
using Dara.Cloud.Analysis.Formats.WeightMaps;

namespace Dara.Cloud.Cli.Remote;

/// <summary>
/// Decides what of a model to upload for a check through the service, so the service sees what a local check reads
/// and nothing more: every file is listed with its length (the engine reasons about the listing), safetensors and
/// GGUF files send their headers only, documents and ONNX graphs are sent whole, and other files only when they are
/// small enough to be Git LFS pointers. A 10 GB model costs its headers' bytes of upload.
/// </summary>
public static class UploadPlan
{
    /// <summary>Documents the engine reads whole (as the service keeps them); larger ones are refused here.</summary>
    public const long MaxDocumentBytes = 8L * 1024 * 1024;

    /// <summary>ONNX graphs travel whole; the service decides whether it takes one this large.</summary>
    public const long MaxOnnxBytes = 1L << 30;

    private static readonly HashSet<string> Documents = new(StringComparer.OrdinalIgnoreCase)
    {
        "config.json", "params.json", "model_index.json", "quantize_config.json", "README.md", "modules.json",
        "sentence_bert_config.json",
    };

    /// <summary>The files to upload, in path order; throws <see cref="ArtifactException"/> when a file cannot be read.</summary>
    public static async Task<IReadOnlyList<UploadFile>> ForAsync(IArtifactSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var files = new List<UploadFile>();
        foreach (var entry in (await source.ListAsync(cancellationToken)).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            files.Add(await ReadAsync(source, entry, cancellationToken));
        }

        return files;
    }

    private static async Task<UploadFile> ReadAsync(IArtifactSource source, ArtifactEntry entry, CancellationToken ct)
    {
        var path = entry.Path;
        if (entry.Size is not { } length)
        {
            throw new ArtifactException(path, "its size is unknown, so it cannot be uploaded for a check");
        }

        if (length <= GitLfsPointer.MaxPointerLength)
        {
            return new UploadFile(path, length, await source.ReadAllAsync(path, GitLfsPointer.MaxPointerLength, ct));
        }

        byte[] content = path switch
        {
            _ when Is(path, ".safetensors") => await SafetensorsHeadAsync(source, path, length, ct),
            _ when Is(path, ".gguf") => await GgufHeadAsync(source, path, length, ct),
            _ when Is(path, ".onnx") => await source.ReadAllAsync(path, MaxOnnxBytes, ct),
            _ when Documents.Contains(Path.GetFileName(path)) || WeightMapReader.IsWeightMapFile(path) => await source.ReadAllAsync(path, MaxDocumentBytes, ct),
            _ => [],
        };
        return new UploadFile(path, length, content);
    }

    /// <summary>
    /// The 8-byte length and the header it announces, and at least the engine's first read (4 KiB): the service
    /// reads the head exactly as the engine reads a file. Without a valid length, the first read alone.
    /// </summary>
    private static async Task<byte[]> SafetensorsHeadAsync(IArtifactSource source, string path, long length, CancellationToken ct)
    {
        var first = Math.Min(length, SafetensorsHeaderReader.FirstReadLength);
        var prefix = (await source.ReadRangeAsync(path, 0, SafetensorsHeaderReader.PrefixLength, ct)).Bytes;
        if (prefix.Length < SafetensorsHeaderReader.PrefixLength)
        {
            return await HeadAsync(source, path, first, ct);
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix.Span);
        var headerEnd = headerLength <= SafetensorsHeaderReader.MaxHeaderLength && SafetensorsHeaderReader.PrefixLength + (long)headerLength <= length
            ? SafetensorsHeaderReader.PrefixLength + (long)headerLength
            : 0;
        return await HeadAsync(source, path, Math.Max(first, headerEnd), ct);
    }

    /// <summary>
    /// The bytes up to the tensor data and one of the engine's 1 MiB reads beyond (it reads GGUF headers in such
    /// chunks, so its last read may start just before the data); for a header the engine cannot read, as much as the
    /// engine would read.
    /// </summary>
    private static async Task<byte[]> GgufHeadAsync(IArtifactSource source, string path, long length, CancellationToken ct)
    {
        long end;
        try
        {
            end = Math.Min(length, (await GgufHeaderReader.ReadAsync(source, path, ct)).DataOffset + GgufReadOptions.DefaultChunkSize);
        }
        catch (ArtifactException)
        {
            end = Math.Min(length, GgufReadOptions.DefaultMaxHeaderBytes);
        }

        return await HeadAsync(source, path, end, ct);
    }

    private static async Task<byte[]> HeadAsync(IArtifactSource source, string path, long count, CancellationToken ct)
    {
        // Heads are capped (100 MiB for safetensors, 64 MiB for GGUF), so they fit an array.
        var head = new byte[count];
        var have = 0;
        while (have < head.Length)
        {
            var read = await source.ReadRangeAsync(path, have, head.Length - have, ct);
            if (read.Bytes.Length == 0)
            {
                throw new ArtifactException(path, $"the file ended after {have} of {count} header bytes (it changed while being read?)");
            }

            read.Bytes.Span.CopyTo(head.AsSpan(have));
            have += read.Bytes.Length;
        }

        return head;
    }

    private static bool Is(string path, string extension) => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
