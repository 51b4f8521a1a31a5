namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>Capped whole-file reads and positioned range reads of local files, shared by the file-system sources.</summary>
internal static class LocalFileReader
{
    /// <summary>Reads a whole file, refusing it by its length before reading and again while reading (it may grow).</summary>
    public static async Task<byte[]> ReadAllAsync(
        string fullPath, string displayPath, long maxBytes, ReadStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (ReportsNoBytes(fullPath))
        {
            return [];
        }

        using var handle = Open(fullPath, displayPath);
        var length = RandomAccess.GetLength(handle);
        if (length > maxBytes)
        {
            throw TooLarge(displayPath, maxBytes, length);
        }

        if (length > Array.MaxLength)
        {
            throw TooLarge(displayPath, Array.MaxLength, length);
        }

        var buffer = new byte[length];
        var total = await ReadFullyAsync(handle, buffer, 0, cancellationToken).ConfigureAwait(false);

        // A byte past the length we saw means the file grew since: the cap would no longer hold.
        if (total == length && await RandomAccess.ReadAsync(handle, new byte[1], length, cancellationToken).ConfigureAwait(false) > 0)
        {
            throw new ArtifactException(displayPath, "the file grew while it was being read");
        }

        statistics.Record(total);
        return total == length ? buffer : buffer[..total];
    }

    /// <summary>One positioned read of up to <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public static async Task<RangeRead> ReadRangeAsync(
        string fullPath, string displayPath, long offset, int count, ReadStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (ReportsNoBytes(fullPath))
        {
            return new RangeRead(ReadOnlyMemory<byte>.Empty, 0);
        }

        using var handle = Open(fullPath, displayPath);
        var length = RandomAccess.GetLength(handle);
        var available = (int)Math.Clamp(length - offset, 0, count);
        var buffer = new byte[available];

        // A positioned read of a regular file returns everything asked for short of the end; the loop in
        // ReadFullyAsync only covers an interrupted read, it is still one read of one range.
        var total = await ReadFullyAsync(handle, buffer, offset, cancellationToken).ConfigureAwait(false);
        statistics.Record(total);
        return new RangeRead(buffer.AsMemory(0, total), length);
    }

    private static async Task<int> ReadFullyAsync(
        Microsoft.Win32.SafeHandles.SafeFileHandle handle, byte[] buffer, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length
               && (read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(total), offset + total, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>
    /// True for a file that says it holds no bytes: an empty file, or a pipe or device in a model folder. Those are never
    /// opened, because opening a pipe waits for a writer that may never come; an empty read says what is wrong instead.
    /// </summary>
    internal static bool ReportsNoBytes(string fullPath)
    {
        var info = new FileInfo(fullPath);
        return info.Exists && info.Length == 0;
    }

    public static ArtifactException TooLarge(string displayPath, long maxBytes, long length) =>
        new(displayPath, $"is {length:N0} bytes, more than the {maxBytes:N0}-byte limit for this file");

    private static Microsoft.Win32.SafeHandles.SafeFileHandle Open(string fullPath, string displayPath)
    {
        try
        {
            return File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactException(displayPath, "no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ArtifactException(displayPath, "permission denied", e);
        }
        catch (IOException e)
        {
            throw new ArtifactException(displayPath, $"cannot be opened: {e.Message}", e);
        }
    }
}
