using System.Text;

namespace Dara.Cloud.Persistence.Cosmos;

/// <summary>
/// The id of the document holding one grain state: <c>{stateName}__{grainType}__{grainKey}</c>, escaped so that
/// every (state name, grain) gets its own id and no id holds a character Cosmos DB forbids ('/', '\', '?', '#').
/// The escape is '~' and two hex digits (<c>tenant~2Fowner~2Fname</c>): '%' would be decoded again on its way
/// through a request URL, '~' is the one punctuation mark URLs leave alone everywhere.
/// </summary>
internal static class CosmosDocumentId
{
    /// <summary>Cosmos DB's limit on an id's length, in UTF-8 bytes.</summary>
    public const int MaxBytes = 1023;

    private const string Separator = "__";

    public static string For(string stateName, GrainId grainId)
    {
        // '_' is escaped in the first two parts only: then the first two "__" always are the separators,
        // and the key (the part people read) keeps its underscores.
        var id = new StringBuilder(stateName.Length + 64);
        Escape(id, stateName, escapeUnderscore: true);
        id.Append(Separator);
        Escape(id, grainId.Type.ToString() ?? string.Empty, escapeUnderscore: true);
        id.Append(Separator);
        Escape(id, grainId.Key.ToString() ?? string.Empty, escapeUnderscore: false);

        var result = id.ToString();
        if (Encoding.UTF8.GetByteCount(result) > MaxBytes)
        {
            throw new ArgumentException(
                $"State '{stateName}' of grain {grainId} needs a Cosmos DB document id longer than {MaxBytes} bytes; use a shorter grain key.",
                nameof(grainId));
        }

        return result;
    }

    private static void Escape(StringBuilder id, string part, bool escapeUnderscore)
    {
        foreach (var character in part)
        {
            switch (character)
            {
                // '~' is escaped too, so an escaped character can never be mistaken for a literal one; so is '%',
                // which some clients and servers decode in URLs.
                case '~' or '%' or '/' or '\\' or '?' or '#':
                case '_' when escapeUnderscore:
                    id.Append('~').Append(((int)character).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    id.Append(character);
                    break;
            }
        }
    }
}
