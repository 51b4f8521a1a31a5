namespace Dara.Cloud.Analysis.Artifacts.Hub;

/// <summary>Reads HTTP bodies without ever holding more than the caller's cap, whatever the server claims or sends.</summary>
internal static class CappedContent
{
    private const int ChunkSize = 81_920;

    /// <summary>
    /// The whole body, refused up front by <c>Content-Length</c> and again while streaming (the header may be absent
    /// or wrong). <paramref name="tooLarge"/> builds the error from the size known so far.
    /// </summary>
    public static async Task<byte[]> ReadAllAsync(
        HttpResponseMessage response, long maxBytes, Func<long, ArtifactException> tooLarge, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw tooLarge(declared.Value);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream((int)Math.Min(declared ?? ChunkSize, Math.Min(maxBytes, Array.MaxLength)));
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw tooLarge(buffer.Length + read);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    /// <summary>Fills <paramref name="buffer"/> from the stream, stopping at its end; never reads past what fits.</summary>
    public static async Task<int> ReadUpToAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes; returns how many there were.</summary>
    public static async Task<long> SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(count, 1))];
        long skipped = 0;
        while (skipped < count)
        {
            var read = await ReadUpToAsync(stream, chunk.AsMemory(0, (int)Math.Min(chunk.Length, count - skipped)), cancellationToken)
                .ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            skipped += read;
        }

        return skipped;
    }
}
