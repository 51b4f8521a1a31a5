using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats.Safetensors;

namespace Dara.Cloud.Portal.Components.Check;

/// <summary>
/// The head of a safetensors file: the 8-byte header length N and the N header bytes, all the engine reads. A page
/// checking a dropped file sends this instead of gigabytes of weights; the API takes it with the file's full length.
/// </summary>
public static class SafetensorsHead
{
    /// <summary>
    /// Reads exactly 8 + N bytes from the start of <paramref name="stream"/>. N above <paramref name="maxHeader"/> (at
    /// most the engine's 100 MiB) or beyond the end of the stream is an <see cref="ArtifactException"/> naming
    /// <paramref name="file"/>; nothing past the header is read, and no more than 8 + N bytes are ever allocated.
    /// </summary>
    public static async Task<byte[]> ReadAsync(Stream stream, long maxHeader, string file = "model.safetensors", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeader);
        maxHeader = Math.Min(maxHeader, SafetensorsHeaderReader.MaxHeaderLength);

        var prefix = new byte[SafetensorsHeaderReader.PrefixLength];
        var read = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < prefix.Length)
        {
            throw new ArtifactException(file, $"the file is {read} bytes long, too short for the {prefix.Length}-byte header length");
        }

        var headerLength = SafetensorsHeaderReader.ReadHeaderLength(prefix);
        if (headerLength > (ulong)maxHeader)
        {
            throw new ArtifactException(file, $"header length {headerLength} exceeds the {maxHeader}-byte limit");
        }

        var head = new byte[prefix.Length + (int)headerLength];
        prefix.CopyTo(head, 0);
        read = await stream.ReadAtLeastAsync(head.AsMemory(prefix.Length), (int)headerLength, throwOnEndOfStream: false, cancellationToken);
        if (read < (int)headerLength)
        {
            throw new ArtifactException(file, $"header length {headerLength} is beyond the end of the file ({prefix.Length + read} bytes)");
        }

        return head;
    }
}
