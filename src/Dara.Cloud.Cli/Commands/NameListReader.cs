using System.Text;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Cli.Commands;

/// <summary>Reads a file of model names, one per line, without ever holding an unbounded line in memory.</summary>
internal static class NameListReader
{
    /// <summary>Longest line accepted; the parser reads at most 512 characters of a name anyway.</summary>
    public const int MaxLineLength = 64 * 1024;

    private const char Replacement = '\uFFFD';

    /// <summary>The non-blank lines of <paramref name="path"/>, trimmed; a missing file or an overlong line is an <see cref="ArtifactException"/>.</summary>
    public static IEnumerable<string> Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ArtifactException(path, "is a folder, not a file of names");
        }

        if (!File.Exists(path))
        {
            throw new ArtifactException(path, "file not found");
        }

        return ReadLines(path);
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        using var reader = Open(path);
        var line = new StringBuilder();
        var number = 1;
        var buffer = new char[8192];
        int read;
        while ((read = ReadChunk(reader, buffer, path)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    if (Finish(line, path, number) is { } name)
                    {
                        yield return name;
                    }

                    number++;
                    continue;
                }

                if (line.Length >= MaxLineLength)
                {
                    throw new ArtifactException(path, $"line {number} is longer than {MaxLineLength} characters");
                }

                line.Append(c);
            }
        }

        if (Finish(line, path, number) is { } last)
        {
            yield return last;
        }
    }

    // Opening and reading are wrapped one by one: an iterator cannot catch around its yields, and an unreadable file
    // was an internal error.
    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileSystemErrors.Unreadable(path, e);
        }
    }

    private static int ReadChunk(StreamReader reader, char[] buffer, string path)
    {
        try
        {
            return reader.Read(buffer, 0, buffer.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileSystemErrors.Unreadable(path, e);
        }
    }


    private static string? Finish(StringBuilder line, string path, int number)
    {
        var text = line.ToString().Trim();

        // The reader turns bytes that are no UTF-8 into U+FFFD (Replacement): a name changed so silently would be parsed
        // as another name. No model name holds U+FFFD itself, so finding one means the line was not UTF-8.
        if (text.Contains(Replacement, StringComparison.Ordinal))
        {
            throw new ArtifactException(path, $"line {number} is not UTF-8 text (a file of names holds one UTF-8 name per line)");
        }

        line.Clear();
        return text.Length == 0 ? null : text;
    }
}
