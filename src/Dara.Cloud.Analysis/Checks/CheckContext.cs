using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>What every check reads: the parsed name, the facts from the artifacts, the vocabulary and the policy.</summary>
public sealed record CheckContext(ParsedName Name, ModelFacts Facts, NamingVocabulary Vocabulary, NamingPolicy Policy, NameParser Parser)
{
    // Aliases shorter than three letters (t5) open too many words by chance; none is longer than 32.
    private const int MinAliasLength = 3;
    private const int MaxAliasLength = 32;

    private static readonly char[] WordSeparators = ['-', '_', '.', ' '];

    /// <summary>The name's architecture elements with what the vocabulary knows of each (null for an unknown brand).</summary>
    public IReadOnlyList<(NamingElement Element, ArchitectureInfo? Info)> ClaimedArchitectures { get; } =
        Name.Elements.Where(e => e.Code == ElementCode.A)
            .Select(e => (e, Vocabulary.FindArchitecture(e.Text) ?? Vocabulary.FindArchitecture(e.Value)))
            .ToList();

    /// <summary>The family of the observed model_type, or null when the artifacts do not say.</summary>
    public string? ObservedFamily => Facts.ModelType is { } type ? Vocabulary.FamilyOf(type) : null;

    /// <summary>The claimed architecture that agrees with the artifacts, else the first one claimed.</summary>
    public ArchitectureInfo? BestClaimedArchitecture =>
        ClaimedArchitectures.FirstOrDefault(c => c.Info is not null && c.Info.Family == ObservedFamily).Info
        ?? ClaimedArchitectures.Select(c => c.Info).FirstOrDefault(i => i is not null);

    /// <summary>The learned classifier's prediction for the model, or null without a classifier or with nothing to classify.</summary>
    public ArchitecturePrediction? Prediction { get; init; }

    /// <summary>The architecture families the classifier can predict (empty without a classifier): other families it cannot judge.</summary>
    public IReadOnlySet<string> PredictableFamilies { get; init; } = new HashSet<string>();

    /// <summary>
    /// True when a word of the name opens with the model's own architecture: detrstreamlit holding a DETR,
    /// BERTmodelclone holding a BERT. The parser cannot split such a word from the name alone (T5PRJ is a project
    /// code, not T5), but the artifacts confirm the architecture the word opens with, so the name does say it.
    /// </summary>
    public bool AWordOpensWithItsArchitecture
    {
        get
        {
            if (ObservedFamily is not { } family)
            {
                return false;
            }

            foreach (var word in Name.Name.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                for (var length = Math.Min(word.Length - 1, MaxAliasLength); length >= MinAliasLength; length--)
                {
                    if (Vocabulary.TryLookup(word.AsSpan(0, length), out var entry) && entry.Code == ElementCode.A && Vocabulary.FamilyOf(entry.Value) == family)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    public string EvidenceFor(string fact, string fallback) => Facts.Evidence.TryGetValue(fact, out var where) ? where : fallback;
}

/// <summary>One check: reads the context, says what it found, or why it could not run.</summary>
public interface INameCheck
{
    /// <summary>Findings, or a reason the check was skipped (artifacts missing) in <paramref name="skipped"/>.</summary>
    IEnumerable<Finding> Run(CheckContext context, ICollection<string> skipped);
}
