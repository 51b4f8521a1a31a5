namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// One code's agreement on the names labelled more than once: the labels compared with each other, and the parser
/// compared with the labels.
/// </summary>
/// <param name="LabelsWithEachOther">
/// Every ordered pair of two labels of the same name, the first read as a prediction of the second; so false positives
/// and false negatives are equal, and precision, recall and F1 are one figure.
/// </param>
/// <param name="ParserWithLabels">The parser against each of those labels, counted as <see cref="NamingEvaluation"/> does.</param>
public sealed record CodeAgreement(ElementCode Code, ScoreCounts LabelsWithEachOther, ScoreCounts ParserWithLabels);

/// <summary>
/// How closely the reference labels agree with themselves. Some names occur more than once in a labels file under
/// different owners (re-uploads and copies: <c>a/llama-7b-hf</c>, <c>b/llama-7b-hf</c>), and each was labelled on its
/// own. A deterministic parser gives one answer per name, so where the labels of the same name disagree with each
/// other, no parser can agree with all of them: their agreement with each other is the yardstick for the parser's
/// agreement with them.
/// </summary>
public sealed class LabelAgreement
{
    private LabelAgreement(int groups, int names, IReadOnlyList<CodeAgreement> codes)
    {
        Groups = groups;
        Names = names;
        Codes = codes;
    }

    /// <summary>Names that occur more than once (after the owner, case ignored).</summary>
    public int Groups { get; }

    /// <summary>Labelled names in those groups.</summary>
    public int Names { get; }

    /// <summary>Per code, in the order of <see cref="ElementCode"/>, every code either side has.</summary>
    public IReadOnlyList<CodeAgreement> Codes { get; }

    /// <summary>The labels with each other, summed over every code (the micro average).</summary>
    public ScoreCounts LabelsWithEachOther => Codes.Aggregate(default(ScoreCounts), (sum, code) => sum + code.LabelsWithEachOther);

    /// <summary>The parser with the labels, summed over every code (the micro average).</summary>
    public ScoreCounts ParserWithLabels => Codes.Aggregate(default(ScoreCounts), (sum, code) => sum + code.ParserWithLabels);

    /// <summary>The agreement of one code, or null when no name labelled more than once has it.</summary>
    public CodeAgreement? this[ElementCode code] => Codes.FirstOrDefault(c => c.Code == code);

    /// <summary>The name without its owner, as names are grouped: <c>a/Llama-7b-hf</c> and <c>b/llama-7b-hf</c> are one.</summary>
    public static string NameWithoutOwner(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name[(name.LastIndexOf('/') + 1)..].ToLowerInvariant();
    }

    /// <summary>Groups the split's names by <see cref="NameWithoutOwner"/> and measures the groups of two or more.</summary>
    public static LabelAgreement Measure(
        IReadOnlyDictionary<string, IReadOnlySet<ElementCode>> labels,
        NameParser parser,
        NamingSplit split = NamingSplit.All)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(parser);
        var groups = labels
            .Where(l => NamingLabels.IsIn(l.Key, split))
            .GroupBy(l => NameWithoutOwner(l.Key), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToArray();
        var withEachOther = new Dictionary<ElementCode, ScoreCounts>();
        var parserWith = new Dictionary<ElementCode, ScoreCounts>();
        foreach (var group in groups)
        {
            // Counted per code rather than pair by pair: a name copied under thousands of owners costs as little as one.
            var sets = group.Select(l => NamingEvaluation.ComparableCodes(l.Value)).ToArray();
            foreach (var (code, having) in sets.SelectMany(set => set).CountBy(code => code))
            {
                var lacking = (long)sets.Length - having;
                withEachOther[code] = withEachOther.GetValueOrDefault(code) + new ScoreCounts((long)having * (having - 1), having * lacking, having * lacking);
            }

            // The owner can change what the parser reads (an organization's own words), so each name is parsed whole.
            foreach (var (name, expected) in group)
            {
                var parsed = NamingEvaluation.ComparableCodes(parser.Parse(name).Elements.Select(e => e.Code));
                Count(parserWith, parsed, NamingEvaluation.ComparableCodes(expected));
            }
        }

        var codes = withEachOther.Keys.Union(parserWith.Keys)
            .Order()
            .Select(code => new CodeAgreement(code, withEachOther.GetValueOrDefault(code), parserWith.GetValueOrDefault(code)))
            .ToArray();
        return new LabelAgreement(groups.Length, groups.Sum(g => g.Count()), codes);
    }

    private static void Count(Dictionary<ElementCode, ScoreCounts> counts, HashSet<ElementCode> predicted, HashSet<ElementCode> expected)
    {
        foreach (var code in predicted.Union(expected))
        {
            counts[code] = counts.GetValueOrDefault(code) + ScoreCounts.Of(predicted.Contains(code), expected.Contains(code));
        }
    }
}
