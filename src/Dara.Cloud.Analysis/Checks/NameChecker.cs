using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// Checks a name against a model's facts: runs every check, turns the findings into a verdict and a 0–100 score,
/// and suggests a better name. Stateless and thread-safe; one instance serves a whole process.
/// </summary>
public sealed class NameChecker
{
    private readonly NameParser _parser;
    private readonly NamingVocabulary _vocabulary;
    private readonly IReadOnlyList<INameCheck> _checks;
    private readonly SuggestedNameBuilder _suggestions;

    public NameChecker(NameParser? parser = null, NamingVocabulary? vocabulary = null, CheckKnowledge? knowledge = null, IEnumerable<INameCheck>? extraChecks = null)
    {
        _parser = parser ?? NameParser.Default;
        _vocabulary = vocabulary ?? NamingVocabulary.Default;
        knowledge ??= CheckKnowledge.Default;
        _checks =
        [
            new ArchitectureCheck(knowledge), new SizeCheck(knowledge), new TaskCheck(knowledge), new PrecisionCheck(),
            new LanguageCheck(), new BaseModelCheck(), new UninformativeNameCheck(), new ConventionCheck(knowledge),
            .. extraChecks ?? [],
        ];
        _suggestions = new SuggestedNameBuilder(_vocabulary, knowledge);
    }

    public static NameChecker Default { get; } = new();

    /// <summary>Checks <paramref name="name"/> (owner/name, or a name alone) against <paramref name="facts"/>.</summary>
    public CheckResult Check(string name, ModelFacts facts, NamingPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        policy = (policy ?? NamingPolicy.Default).Normalised();
        var parsed = _parser.Parse(name);
        var context = new CheckContext(parsed, facts, _vocabulary, policy, _parser);
        var findings = new List<Finding>();
        var skipped = new List<string>();
        foreach (var check in _checks)
        {
            findings.AddRange(check.Run(context, skipped));
        }

        findings.Sort((a, b) => b.Severity.CompareTo(a.Severity) is var bySeverity and not 0
            ? bySeverity
            : IndexOf(a.Code).CompareTo(IndexOf(b.Code)));
        return new CheckResult(name ?? string.Empty, VerdictOf(findings), Score(findings), parsed, facts, findings, _suggestions.Suggest(context, findings), skipped);
    }

    /// <summary>A name that could not be checked because its artifacts could not be read.</summary>
    public CheckResult Unreadable(string name, ModelFacts facts, IReadOnlyList<string> problems) =>
        new(name, Verdict.Unreadable, 0, _parser.Parse(name), facts, [], name, problems);

    public static Verdict VerdictOf(IReadOnlyCollection<Finding> findings) =>
        findings.Any(f => f.Severity == Severity.Error) ? Verdict.Misnamed
        : findings.Any(f => f.Severity == Severity.Warning) ? Verdict.Suspicious
        : Verdict.Ok;

    /// <summary>
    /// 100 less each finding's weight times its confidence: an error costs 40, a warning 15, a policy departure
    /// (info) 5; a legacy model_type costs nothing (it is not the author's mistake).
    /// </summary>
    public static int Score(IEnumerable<Finding> findings)
    {
        var penalty = 0.0;
        foreach (var finding in findings)
        {
            if (finding.Code == FindingCodes.LegacyModelType)
            {
                continue;
            }

            penalty += finding.Confidence * finding.Severity switch
            {
                Severity.Error => 40,
                Severity.Warning => 15,
                _ => 5,
            };
        }

        return (int)Math.Clamp(Math.Round(100 - penalty), 0, 100);
    }

    private static int IndexOf(string code)
    {
        for (var i = 0; i < FindingCodes.All.Count; i++)
        {
            if (FindingCodes.All[i] == code)
            {
                return i;
            }
        }

        return FindingCodes.All.Count;
    }
}
