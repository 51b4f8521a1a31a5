using System.Text.RegularExpressions;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// Names that say nothing by how they were made, whatever words they hold: a training service's generated name, which
/// ends in its job number (autotrain-roberta-base-imdb-1275248775, autonlp-emotion-clf once renamed), and placeholder names (test-model, demo_sentiment_42,
/// my_awesome_qa_model). The PTM-Naming study's uninformative category is these two shapes.
/// </summary>
internal static partial class NameShape
{
    /// <summary>A job number: five or more digits, the last word of a generated name.</summary>
    private const int MinJobNumberDigits = 5;

    public static bool IsGenerated(string name, CheckKnowledge knowledge) =>
        FirstWord(name) is { } first && knowledge.GeneratedNameWords.Contains(first);

    public static bool IsPlaceholder(string name, CheckKnowledge knowledge) =>
        FirstWord(name) is { } first && (knowledge.PlaceholderWords.Contains(first) || NumberedPlaceholder().IsMatch(first));

    /// <summary>
    /// The generated name without what the service added: its first word and the job number
    /// (autotrain-roberta-base-imdb-1275248775 → roberta-base-imdb). Other names come back as they are.
    /// </summary>
    public static string WithoutGeneratedWords(string name, CheckKnowledge knowledge)
    {
        if (!IsGenerated(name, knowledge))
        {
            return name;
        }

        var first = FirstWord(name)!;
        var start = name.IndexOf(first, StringComparison.OrdinalIgnoreCase) + first.Length;
        var end = JobNumber(name) is { } job ? name.LastIndexOf(job, StringComparison.Ordinal) : name.Length;
        return end > start ? name[start..end].Trim('-', '_', '.', ' ') : string.Empty;
    }

    private static string? FirstWord(string name)
    {
        var match = Word().Match(name);
        return match.Success ? match.Value : null;
    }

    private static string? JobNumber(string name)
    {
        var match = TrailingNumber().Match(name);
        return match.Success && match.Length >= MinJobNumberDigits ? match.Value : null;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Word();

    [GeneratedRegex(@"(?<=[-_.])\d+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TrailingNumber();

    [GeneratedRegex(@"^(test|demo|dummy)\d+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex NumberedPlaceholder();
}
