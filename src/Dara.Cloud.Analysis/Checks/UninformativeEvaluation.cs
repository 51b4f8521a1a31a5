using System.Text.Json;
using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Formats;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>How many names one reason flags, and how many of them the labels call uninformative.</summary>
public sealed record UninformativeReasonCount(UninformativeReason Reason, int Flagged, int LabelledUninformative);

/// <summary>A name the check and the labels disagree on.</summary>
public sealed record UninformativeDisagreement(string Name, string Category, UninformativeReason? Reason);

/// <summary>
/// The <c>uninformative-name</c> finding on names alone against the PTM-Naming study's naming categories
/// (<c>ground_truth_cls_data.json</c>: name → "uninformative", "implementation unit" or "combined pattern").
/// </summary>
public sealed class UninformativeEvaluation
{
    /// <summary>The category the study gives uninformative names.</summary>
    public const string UninformativeCategory = "uninformative";

    // The labels judge names alone, so the check sees no artifact.
    private static readonly ModelFacts NameOnly = new();

    private UninformativeEvaluation(int names, ScoreCounts counts, IReadOnlyList<UninformativeReasonCount> reasons, IReadOnlyList<UninformativeDisagreement> disagreements)
    {
        Names = names;
        Counts = counts;
        Reasons = reasons;
        Disagreements = disagreements;
    }

    public int Names { get; }

    /// <summary>Flagged names the labels call uninformative (true positives), those they call otherwise, and the missed.</summary>
    public ScoreCounts Counts { get; }

    /// <summary>The flagged names by reason.</summary>
    public IReadOnlyList<UninformativeReasonCount> Reasons { get; }

    /// <summary>Up to the requested number of disagreements, missed names first.</summary>
    public IReadOnlyList<UninformativeDisagreement> Disagreements { get; }

    /// <summary>Reads a categories file (a JSON object of name → category), capped and with clear errors.</summary>
    public static IReadOnlyDictionary<string, string> LoadCategories(string path) =>
        NamingLabels.Read(path, (stream, source) => NamingLabels.ParseObject(stream, source, "name → category", root => ReadCategories(root, source)));

    /// <summary>Checks every name alone (no artifacts) and compares the finding with the labels.</summary>
    public static UninformativeEvaluation Run(IReadOnlyDictionary<string, string> categories, NameChecker checker, int top)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(checker);
        int truePositives = 0, falsePositives = 0, falseNegatives = 0;
        var flagged = new Dictionary<UninformativeReason, (int Flagged, int Labelled)>();
        var missed = new List<UninformativeDisagreement>();
        var extra = new List<UninformativeDisagreement>();
        foreach (var (name, category) in categories.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var result = checker.Check(name, NameOnly);
            var isFlagged = result.Findings.Any(f => f.Code == FindingCodes.UninformativeName);
            var labelled = string.Equals(category, UninformativeCategory, StringComparison.OrdinalIgnoreCase);
            var reason = isFlagged ? UninformativeNameCheck.ReasonOf(result.Elements, checker.Vocabulary, checker.Knowledge) : null;
            if (reason is { } r)
            {
                var (f, l) = flagged.GetValueOrDefault(r);
                flagged[r] = (f + 1, l + (labelled ? 1 : 0));
            }

            switch (isFlagged, labelled)
            {
                case (true, true):
                    truePositives++;
                    break;
                case (true, false):
                    falsePositives++;
                    extra.Add(new UninformativeDisagreement(name, category, reason));
                    break;
                case (false, true):
                    falseNegatives++;
                    missed.Add(new UninformativeDisagreement(name, category, null));
                    break;
            }
        }

        var reasons = flagged.OrderBy(p => p.Key).Select(p => new UninformativeReasonCount(p.Key, p.Value.Flagged, p.Value.Labelled)).ToArray();
        return new UninformativeEvaluation(
            categories.Count, new ScoreCounts(truePositives, falsePositives, falseNegatives), reasons, missed.Concat(extra).Take(Math.Max(0, top)).ToArray());
    }

    private static Dictionary<string, string> ReadCategories(JsonElement root, string source)
    {
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new ArtifactException(source, $"the category of {MessageText.Quote(property.Name)} is not a string");
            }

            categories[property.Name] = property.Value.GetString()!;
        }

        return categories;
    }
}
