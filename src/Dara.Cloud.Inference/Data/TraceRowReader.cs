using System.Text;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Formats;

namespace Dara.Cloud.Inference.Data;

/// <summary>
/// One row of a trace file in the PeaTMOSS schema: <c>repo_name</c> and <c>layers</c>, and where present the labels
/// <c>model_type</c>, <c>arch</c>, <c>task</c>. Other fields are ignored. <see cref="Row"/> is the 1-based line
/// (JSON Lines) or element (JSON array) number.
/// </summary>
public sealed record TraceRow(int Row, string? RepoName, string Layers, string? ModelType, string? Arch, string? Task);

/// <summary>A row, or why it could not be read.</summary>
public sealed record TraceRowResult(int Row, TraceRow? Value, string? Problem);

/// <summary>
/// Reads trace rows from JSON Lines (one object per line) or from a JSON array of objects (the PeaTMOSS dataset
/// file), decided by the first non-blank character. Bounded: a line longer than <see cref="MaxLineChars"/> and an
/// array file larger than <see cref="MaxArrayFileBytes"/> are refused without being read whole.
/// </summary>
public static class TraceRowReader
{
    /// <summary>Longest accepted JSON line; a trace at the token limit with long names fits.</summary>
    public const int MaxLineChars = 8 << 20;

    /// <summary>Largest JSON array file (parsed whole); the PeaTMOSS test set is 0.75 MB, its train set about 5 MB.</summary>
    public const long MaxArrayFileBytes = 256L << 20;

    /// <summary>
    /// How far past an overlong line the reader looks for its end before it stops reading the file: a stream without
    /// line ends (/dev/zero, a binary file) would otherwise be read for ever.
    /// </summary>
    public const long MaxSkippedChars = 256L << 20;

    /// <summary>The rows of <paramref name="path"/>; a row that cannot be read is returned with its problem.</summary>
    /// <exception cref="ArtifactException">The file cannot be opened, or an array file is too large or not JSON.</exception>
    public static IEnumerable<TraceRowResult> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new ArtifactException(path, "is a folder, not a file of rows");
        }

        if (!File.Exists(path))
        {
            throw new ArtifactException(path, "does not exist");
        }

        return ReadRows(path);
    }

    /// <summary>Opens the file only when enumerated, so an unread result holds no handle.</summary>
    private static IEnumerable<TraceRowResult> ReadRows(string path)
    {
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArtifactException(path, $"cannot be opened: {e.Message}", e);
        }

        using (stream)
        {
            using var rows = Rows(path, stream).GetEnumerator();
            while (true)
            {
                // A read that fails halfway (an I/O error, a special file such as /proc/self/mem) is the file's problem.
                try
                {
                    if (!rows.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    throw FileSystemErrors.Unreadable(path, e);
                }

                yield return rows.Current;
            }
        }
    }

    private static IEnumerable<TraceRowResult> Rows(string path, FileStream stream)
    {
        var first = FirstSignificantByte(stream);
        stream.Position = 0;
        foreach (var row in first == '[' ? ReadArray(path, stream) : ReadLines(stream))
        {
            yield return row;
        }
    }

    private static int FirstSignificantByte(Stream stream)
    {
        Span<byte> buffer = stackalloc byte[4096];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            foreach (var b in buffer[..read])
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    return b;
                }
            }
        }

        return -1;
    }

    private static IEnumerable<TraceRowResult> ReadArray(string path, FileStream stream)
    {
        if (stream.Length > MaxArrayFileBytes)
        {
            throw new ArtifactException(path, $"is a JSON array of {stream.Length:N0} bytes; at most {MaxArrayFileBytes:N0} are read (use JSON Lines for more rows)");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new ArtifactException(path, $"is not valid JSON: {MessageText.JsonProblem(e)}", e);
        }

        using (document)
        {
            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                yield return FromElement(row, element);
            }
        }
    }

    private static IEnumerable<TraceRowResult> ReadLines(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var line = new StringBuilder();
        var row = 0;
        while (true)
        {
            var (ended, tooLong, abandoned) = ReadBoundedLine(reader, line);
            if (ended && line.Length == 0 && !tooLong)
            {
                yield break;
            }

            // Rows are numbered by file line, so a problem names the line to look at; blank lines are skipped.
            row++;
            if (abandoned)
            {
                yield return new TraceRowResult(row, null, $"line is longer than {MaxLineChars:N0} characters and no line end follows within {MaxSkippedChars:N0}: the rest of the file is not read");
                yield break;
            }

            if (tooLong)
            {
                yield return new TraceRowResult(row, null, $"line is longer than {MaxLineChars:N0} characters");
            }
            else if (!string.IsNullOrWhiteSpace(line.ToString()))
            {
                yield return Parse(row, line.ToString());
            }

            if (ended)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Reads up to the next newline, keeping at most <see cref="MaxLineChars"/> characters; an overlong line is skipped
    /// to its end, or abandoned after <see cref="MaxSkippedChars"/> more.
    /// </summary>
    private static (bool Ended, bool TooLong, bool Abandoned) ReadBoundedLine(StreamReader reader, StringBuilder line)
    {
        line.Clear();
        var tooLong = false;
        long skipped = 0;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n')
            {
                return (false, tooLong, false);
            }

            if (tooLong)
            {
                if (++skipped > MaxSkippedChars)
                {
                    return (true, true, true);
                }

                continue;
            }

            if (line.Length == MaxLineChars)
            {
                tooLong = true;
                line.Clear();
                continue;
            }

            line.Append((char)c);
        }

        return (true, tooLong, false);
    }

    private static TraceRowResult Parse(int row, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
            return FromElement(row, document.RootElement);
        }
        catch (JsonException e)
        {
            return new TraceRowResult(row, null, $"is not a JSON object: {MessageText.JsonProblem(e)}");
        }
    }

    private static TraceRowResult FromElement(int row, JsonElement element)
    {
        try
        {
            return ReadElement(row, element);
        }
        catch (InvalidOperationException e)
        {
            // JsonDocument unescapes strings only when they are read: an escaped lone surrogate (\ud800) fails here,
            // and is this row's problem, not the file's.
            return new TraceRowResult(row, null, $"is not valid JSON text: {e.Message}");
        }
    }

    private static TraceRowResult ReadElement(int row, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new TraceRowResult(row, null, $"is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, expected an object with \"layers\"");
        }

        if (!element.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.String)
        {
            return new TraceRowResult(row, null, "has no \"layers\" string (the layer trace: operation names separated by spaces)");
        }

        return new TraceRowResult(
            row,
            new TraceRow(row, Text(element, "repo_name"), layers.GetString()!, Text(element, "model_type"), Text(element, "arch"), Text(element, "task")),
            null);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
