using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dara.Cloud.Analysis.Formats;

/// <summary>
/// Puts text taken from untrusted files into messages and terminal output safely: short, quoted, on one line, and
/// without control characters a terminal would obey.
/// </summary>
public static class MessageText
{
    private const int MaxNameChars = 120;

    /// <summary>What <see cref="char.IsControl(char)"/> holds: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F).</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)));

    /// <summary>A name (tensor, key, shard) quoted and cut so that a hostile name cannot flood or break the message.</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var shown = name.Length <= MaxNameChars ? name : string.Concat(name.AsSpan(0, MaxNameChars), "…");
        return $"'{Printable(shown.ReplaceLineEndings(" "))}'";
    }

    /// <summary>
    /// The text with every control character (C0, DEL and C1, line breaks included) written as a visible
    /// <c>\u001b</c>-style escape: a model_type or tensor name holding ESC must not clear the screen, move the
    /// cursor or retitle the terminal of whoever reads the report.
    /// </summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(ControlCharacters);
        if (first < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 8).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (char.IsControl(c))
            {
                result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// What a JSON reader found wrong, in the words of a message about a file: System.Text.Json's own message without its
    /// internals ("LineNumber: 0 | BytePositionInLine: 3", .NET type names, "Path: $"), then where: "(line 1, byte 4)".
    /// </summary>
    public static string JsonProblem(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message.ReplaceLineEndings(" ");
        foreach (var internals in (string[])[" Path: ", " LineNumber: ", " | LineNumber: "])
        {
            var at = message.IndexOf(internals, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        message = Printable(message.Trim().TrimEnd('.'));
        return exception.LineNumber is { } line
            ? $"{message} (line {line + 1}, byte {(exception.BytePositionInLine ?? 0) + 1})"
            : message;
    }
}
