namespace Dara.Cloud.Analysis.Naming;

/// <summary>Which names of a labels file an evaluation covers.</summary>
public enum NamingSplit
{
    /// <summary>Every name.</summary>
    All,

    /// <summary>The half the vocabularies were tuned on (see <see cref="NamingLabels.IsHeldOut"/>).</summary>
    Development,

    /// <summary>The half kept aside and only measured.</summary>
    HeldOut,
}

/// <summary>How one label disagreed with the parser.</summary>
public enum DisagreementKind
{
    /// <summary>The parser emitted the code, the label does not have it.</summary>
    Extra,

    /// <summary>The label has the code, the parser did not emit it.</summary>
    Missing,
}

/// <summary>True positives, false positives and false negatives, with the scores they give.</summary>
public readonly record struct ScoreCounts(long TruePositives, long FalsePositives, long FalseNegatives)
{
    /// <summary>How many labels carry the code (TP + FN).</summary>
    public long Support => TruePositives + FalseNegatives;

    /// <summary>TP / (TP + FP); 0 when nothing was emitted.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when nothing was expected.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>One comparison: a true positive, a false positive, a false negative, or nothing.</summary>
    public static ScoreCounts Of(bool predicted, bool expected) => new(
        predicted && expected ? 1 : 0,
        predicted && !expected ? 1 : 0,
        !predicted && expected ? 1 : 0);

    /// <summary>The sum of two counts.</summary>
    public static ScoreCounts operator +(ScoreCounts left, ScoreCounts right) => new(
        left.TruePositives + right.TruePositives,
        left.FalsePositives + right.FalsePositives,
        left.FalseNegatives + right.FalseNegatives);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}

/// <summary>Scores of one element code.</summary>
public sealed record CodeScore(ElementCode Code, ScoreCounts Counts);

/// <summary>
/// A frequent disagreement: for <see cref="DisagreementKind.Extra"/>, the token the parser gave the code to;
/// for <see cref="DisagreementKind.Missing"/>, the "other" text of the name where the code probably hides ("" when none).
/// </summary>
public sealed record Disagreement(ElementCode Code, DisagreementKind Kind, string Token, int Count, string Example);

/// <summary>
/// Compares parsed names with reference labels (the paper's GPT-4 labels: name → codes) as per-name code sets:
/// for each code a name has TP when both have it, FP when only the parser has it, FN when only the label has it.
/// Reports per-code precision, recall and F1, the micro average over all codes, and the most common disagreements.
/// </summary>
/// <remarks>
/// The paper's labels have no W (format) or Q (precision) codes: they file fp16, gptq, ggml, hf, onnx, safetensors,
/// 8bit as O (other). The parser's W and Q therefore count as O here. M (organization) is not compared.
/// </remarks>
public sealed class NamingEvaluation
{
    private NamingEvaluation(int names, IReadOnlyList<CodeScore> codes, IReadOnlyList<Disagreement> disagreements)
    {
        Names = names;
        Codes = codes;
        Micro = codes.Aggregate(default(ScoreCounts), (sum, code) => sum + code.Counts);
        Disagreements = disagreements;
    }

    /// <summary>How many names were compared.</summary>
    public int Names { get; }

    /// <summary>Scores per code, in the order of <see cref="ElementCode"/>, for every code present in labels or output.</summary>
    public IReadOnlyList<CodeScore> Codes { get; }

    /// <summary>Counts summed over all codes; its F1 is the micro-F1.</summary>
    public ScoreCounts Micro { get; }

    /// <summary>The most common disagreements, most frequent first.</summary>
    public IReadOnlyList<Disagreement> Disagreements { get; }

    /// <summary>The scores of one code, or empty counts when it never occurred.</summary>
    public ScoreCounts this[ElementCode code] => Codes.FirstOrDefault(c => c.Code == code)?.Counts ?? default;

    /// <summary>The code a parser element is compared as: W and Q as O, M not at all (null).</summary>
    public static ElementCode? ComparableCode(ElementCode code) => code switch
    {
        ElementCode.W or ElementCode.Q => ElementCode.O,
        ElementCode.M => null,
        _ => code,
    };

    /// <summary>The codes of a label as they are compared (see <see cref="ComparableCode"/>).</summary>
    public static HashSet<ElementCode> ComparableCodes(IEnumerable<ElementCode> codes) =>
        codes.Select(ComparableCode).OfType<ElementCode>().ToHashSet();

    /// <summary>Parses every labelled name of the split and scores the result.</summary>
    public static NamingEvaluation Run(
        IReadOnlyDictionary<string, IReadOnlySet<ElementCode>> labels,
        NameParser parser,
        NamingSplit split = NamingSplit.All,
        int disagreementsToKeep = 25)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(parser);
        var counts = new Dictionary<ElementCode, ScoreCounts>();
        var disagreements = new Dictionary<(ElementCode, DisagreementKind, string), (int Count, string Example)>();
        var names = 0;
        var predicted = new HashSet<ElementCode>();
        var others = new List<string>();
        foreach (var (name, expected) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!NamingLabels.IsIn(name, split))
            {
                continue;
            }

            names++;
            var parsed = parser.Parse(name);
            predicted.Clear();
            others.Clear();
            foreach (var element in parsed.Elements)
            {
                if (ComparableCode(element.Code) is { } code)
                {
                    predicted.Add(code);
                }

                if (element.Code == ElementCode.O)
                {
                    others.Add(element.Value);
                }
            }

            var wanted = ComparableCodes(expected);
            foreach (var code in predicted.Union(wanted))
            {
                var inPrediction = predicted.Contains(code);
                var inLabel = wanted.Contains(code);
                counts[code] = counts.GetValueOrDefault(code) + ScoreCounts.Of(inPrediction, inLabel);
                if (inPrediction && !inLabel)
                {
                    foreach (var element in parsed.Elements.Where(e => ComparableCode(e.Code) == code))
                    {
                        Count(disagreements, (code, DisagreementKind.Extra, element.Text.ToLowerInvariant()), name);
                    }
                }
                else if (!inPrediction && inLabel)
                {
                    Count(disagreements, (code, DisagreementKind.Missing, string.Join(' ', others)), name);
                }
            }
        }

        var scores = counts.OrderBy(c => c.Key).Select(c => new CodeScore(c.Key, c.Value)).ToArray();
        var top = disagreements
            .OrderByDescending(d => d.Value.Count)
            .ThenBy(d => d.Key.Item1)
            .ThenBy(d => d.Key.Item3, StringComparer.Ordinal)
            .Take(Math.Max(0, disagreementsToKeep))
            .Select(d => new Disagreement(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Value.Count, d.Value.Example))
            .ToArray();
        return new NamingEvaluation(names, scores, top);
    }

    private static void Count(Dictionary<(ElementCode, DisagreementKind, string), (int Count, string Example)> disagreements, (ElementCode, DisagreementKind, string) key, string name) =>
        disagreements[key] = disagreements.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.Example) : (1, name);
}
