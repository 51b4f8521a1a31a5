namespace Dara.Cloud.Analysis.Artifacts;

/// <summary>
/// Reads a local file whole but never more than a cap, whatever its length says: a pipe (<c>&lt;(…)</c>) or a device
/// reports no length, and /dev/zero read whole runs the process out of memory.
/// </summary>
public static class CappedFile
{
    private const int ChunkSize = 81_920;

    /// <summary>
    /// The file's bytes; more than <paramref name="maxBytes"/> gives an <see cref="ArtifactException"/> naming the file
    /// with <paramref name="tooLarge"/>'s text. I/O errors are the caller's to word.
    /// </summary>
    public static byte[] ReadAll(string path, long maxBytes, string tooLarge)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ArtifactException(path, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
