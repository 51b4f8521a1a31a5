using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;

namespace Dara.Cloud.Portal.Components.Check;

/// <summary>
/// What a check takes of a safetensors file: the 8-byte header length N and the N header bytes, all the engine reads. A
/// page checking a dropped file sends this instead of gigabytes of weights; the API takes it with the file's full length.
/// </summary>
public static class SafetensorsHead
{
    /// <summary>
    /// Reads what the API keeps of an uploaded safetensors file of <paramref name="fileLength"/> bytes: exactly 8 + N bytes
    /// when the file starts with a header that fits in it, and not one byte of the weights after it. A file that does
    /// not (shorter than the length prefix, a header length past the format's limit or past the end of the file: a Git
    /// LFS pointer left by a clone without git-lfs, a truncated download) holds no weights to keep back: its first
    /// bytes, at most <see cref="SafetensorsHeaderReader.FirstReadLength"/>, go to the engine, which passes a pointer
    /// over and reports anything else among the check's problems while it checks the other files, as for the API.
    /// A real header longer than <paramref name="maxHeader"/> is the portal's limit, not the file's fault: an
    /// <see cref="ArtifactException"/> naming <paramref name="file"/>. No more than 8 + N bytes (N at most
    /// <paramref name="maxHeader"/>) are ever allocated.
    /// </summary>
    public static async Task<byte[]> ReadAsync(Stream stream, long fileLength, long maxHeader, string file = "model.safetensors", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(fileLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeader);

        var prefix = new byte[SafetensorsHeaderReader.PrefixLength];
        var read = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < prefix.Length)
        {
            return prefix[..read];
        }

        var headerLength = SafetensorsHeaderReader.ReadHeaderLength(prefix);
        if (headerLength > SafetensorsHeaderReader.MaxHeaderLength || SafetensorsHeaderReader.PrefixLength + headerLength > (ulong)fileLength)
        {
            return await ReadStartAsync(stream, prefix, fileLength, cancellationToken);
        }

        if (headerLength > (ulong)maxHeader)
        {
            throw new ArtifactException(file, $"header length {headerLength} exceeds the {maxHeader}-byte limit");
        }

        var head = new byte[prefix.Length + (int)headerLength];
        prefix.CopyTo(head, 0);
        read = await stream.ReadAtLeastAsync(head.AsMemory(prefix.Length), (int)headerLength, throwOnEndOfStream: false, cancellationToken);
        if (read < (int)headerLength)
        {
            // The browser said the file was longer: it changed while it was being read.
            throw new ArtifactException(file, $"the file ended after {prefix.Length + read} of the {head.Length} bytes of its header (it changed while being read?)");
        }

        return head;
    }

    /// <summary>The first bytes of a file that is no readable safetensors file: what the API keeps of one.</summary>
    private static async Task<byte[]> ReadStartAsync(Stream stream, byte[] prefix, long fileLength, CancellationToken cancellationToken)
    {
        var start = new byte[(int)Math.Clamp(fileLength, prefix.Length, SafetensorsHeaderReader.FirstReadLength)];
        prefix.CopyTo(start, 0);
        var read = await stream.ReadAtLeastAsync(start.AsMemory(prefix.Length), start.Length - prefix.Length, throwOnEndOfStream: false, cancellationToken);
        return start[..(prefix.Length + read)];
    }
}
