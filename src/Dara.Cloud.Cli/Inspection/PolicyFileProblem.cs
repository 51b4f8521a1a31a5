using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Cli.Inspection;

/// <summary>
/// Says in plain words what is wrong with a policy file. System.Text.Json's messages name .NET types
/// ("could not be converted to Dara.Cloud.Analysis.Checks.NamingPolicy"); the person who wrote the file needs the
/// key and what it should hold.
/// </summary>
internal static class PolicyFileProblem
{
    public static string Describe(JsonException exception, JsonTypeInfo<NamingPolicy> policy)
    {
        var where = $"(line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})";
        if (KeyOf(exception.Path) is not { } key)
        {
            return exception.InnerException switch
            {
                // An escaped lone surrogate (\ud800) in a key.
                InvalidOperationException => $"is not valid JSON text {where}",
                null => $"must hold a JSON object of policy settings, such as {{\"lowercase\": true}} {where}",
                _ => $"is not valid JSON {where}",
            };
        }

        var property = policy.Properties.FirstOrDefault(p => p.Name == key);
        return property is null
            ? $"has the unknown key {MessageText.Quote(key)} {where}; a policy knows {string.Join(", ", policy.Properties.Select(p => p.Name))}"
            : $"{MessageText.Quote(key)} must be {Expected(property.PropertyType)} {where}";
    }

    /// <summary>The top-level key a JSON path ($.key, $.key[0], $['odd.key']) is in; null for the document itself.</summary>
    private static string? KeyOf(string? path)
    {
        if (path is null || path.Length < 2 || path[0] != '$')
        {
            return null;
        }

        if (path.StartsWith("$['", StringComparison.Ordinal))
        {
            var end = path.IndexOf("']", 3, StringComparison.Ordinal);
            return end < 0 ? path[3..] : path[3..end];
        }

        var rest = path.AsSpan(2);
        var stop = rest.IndexOfAny('.', '[');
        return (stop < 0 ? rest : rest[..stop]).ToString();
    }

    private static string Expected(Type type) =>
        type == typeof(bool) ? "true or false"
        : type == typeof(int) ? "a whole number"
        : type == typeof(char?) ? "a single character (or null for any separator)"
        : type == typeof(Severity) ? "\"info\", \"warning\" or \"error\""
        : type == typeof(IReadOnlyList<ElementCode>) ? "a list of element codes, such as [\"A\", \"T\"]"
        : type == typeof(IReadOnlyList<string>) ? "a list of words, such as [\"test\", \"tmp\"]"
        : "a value of another kind";
}
