using System.Text;
using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats;

/// <summary>
/// Shared pieces of the streaming (<see cref="Utf8JsonReader"/>) parsers of untrusted JSON artifacts:
/// an explicit nesting limit with a clear message, depth-checked skipping of values we do not need,
/// and short descriptions of offending tokens for error messages.
/// </summary>
internal static class BoundedJson
{
    /// <summary>Deepest nesting accepted (objects and arrays), as serde_json-style readers cap recursion.</summary>
    public const int MaxDepth = 64;

    /// <summary>Largest integer we accept in a shape or offset: 2^53, the largest exactly representable in JavaScript.</summary>
    public const long MaxSafeInteger = 1L << 53;

    /// <summary>
    /// A reader over complete JSON. Its own depth limit is set above ours so that <see cref="CheckDepth"/> is what
    /// reports too-deep nesting, with a message that says so.
    /// </summary>
    public static Utf8JsonReader CreateReader(ReadOnlySpan<byte> json) =>
        new(json, isFinalBlock: true, new JsonReaderState(new JsonReaderOptions
        {
            MaxDepth = MaxDepth * 2,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        }));

    /// <summary>Throws when the container starting at the current token would nest deeper than <see cref="MaxDepth"/>.</summary>
    public static void CheckDepth(ref Utf8JsonReader reader, string file, string what)
    {
        if (reader.CurrentDepth + 1 > MaxDepth)
        {
            throw new ArtifactException(file, $"{what} JSON is nested deeper than {MaxDepth} levels");
        }
    }

    /// <summary>Skips the value at the current token (scalars: nothing to do), checking nesting as it goes.</summary>
    public static void SkipValue(ref Utf8JsonReader reader, string file, string what)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        CheckDepth(ref reader, file, what);
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    CheckDepth(ref reader, file, what);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return;
            }
        }
    }

    /// <summary>Reads the next token; the document is complete, so running out is invalid JSON.</summary>
    public static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the JSON ends early");
        }
    }

    /// <summary>
    /// Reads a non-negative integer no larger than 2^53; false for anything else (negative, fractional, exponent,
    /// string, too large).
    /// </summary>
    public static bool TryGetSafeInteger(ref Utf8JsonReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var unsigned) && unsigned <= MaxSafeInteger)
        {
            value = (long)unsigned;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The current token as short text for a message (strings quoted, long values cut).</summary>
    public static string Describe(ref Utf8JsonReader reader)
    {
        const int maxChars = 40;
        var text = reader.TokenType switch
        {
            JsonTokenType.String => $"\"{reader.GetString()}\"",
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => "null",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => reader.TokenType.ToString(),
        };
        var shown = text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "…");
        return MessageText.Printable(shown.ReplaceLineEndings(" "));
    }
}
