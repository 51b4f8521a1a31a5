using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Analysis.Inspection;
using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// Checks a name against a model's facts: runs every check, turns the findings into a verdict and a 0–100 score,
/// and suggests a better name. Stateless and thread-safe; one instance serves a whole process. Given an
/// <see cref="IArchitecturePredictor"/>, it also asks the learned classifier what the model is: the prediction goes into
/// the result, and decides the architecture where the artifacts declare no model_type.
/// </summary>
public sealed class NameChecker
{
    private readonly NameParser _parser;
    private readonly NamingVocabulary _vocabulary;
    private readonly IReadOnlyList<INameCheck> _checks;
    private readonly SuggestedNameBuilder _suggestions;
    private readonly IArchitecturePredictor? _predictor;
    private readonly IReadOnlySet<string> _predictableFamilies;

    /// <summary>The vocabulary the names are read with.</summary>
    public NamingVocabulary Vocabulary => _vocabulary;

    /// <summary>What the checks know beyond the vocabulary.</summary>
    public CheckKnowledge Knowledge { get; }

    public NameChecker(
        NameParser? parser = null,
        NamingVocabulary? vocabulary = null,
        CheckKnowledge? knowledge = null,
        IEnumerable<INameCheck>? extraChecks = null,
        IArchitecturePredictor? predictor = null)
    {
        _parser = parser ?? NameParser.Default;
        _vocabulary = vocabulary ?? NamingVocabulary.Default;
        knowledge ??= CheckKnowledge.Default;
        Knowledge = knowledge;
        _checks =
        [
            new ArchitectureCheck(knowledge), new SizeCheck(knowledge), new TaskCheck(knowledge), new PrecisionCheck(),
            new LanguageCheck(), new BaseModelCheck(), new UninformativeNameCheck(knowledge), new ConventionCheck(knowledge),
            .. extraChecks ?? [],
        ];
        _suggestions = new SuggestedNameBuilder(_vocabulary, knowledge);
        _predictor = predictor;
        _predictableFamilies = predictor?.ModelTypes.Select(_vocabulary.FamilyOf).ToHashSet(StringComparer.OrdinalIgnoreCase)
            ?? new HashSet<string>();
    }

    /// <summary>The checks alone, without a classifier.</summary>
    public static NameChecker Default { get; } = new();

    /// <summary>The classifier this checker consults, or null.</summary>
    public IArchitecturePredictor? Predictor => _predictor;

    /// <summary>
    /// Checks <paramref name="name"/> against what was read about a model: its facts, and (with a classifier) the
    /// classifier's prediction from its fingerprint.
    /// </summary>
    public CheckResult Check(string name, ModelReport report, NamingPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Check(name, report.Facts, policy, _predictor?.Predict(report));
    }

    /// <summary>
    /// Checks <paramref name="name"/> (owner/name, or a name alone) against <paramref name="facts"/>, and against a
    /// <paramref name="prediction"/> made earlier (a re-check from cached facts), if any.
    /// </summary>
    public CheckResult Check(string name, ModelFacts facts, NamingPolicy? policy = null, ArchitecturePrediction? prediction = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        policy = (policy ?? NamingPolicy.Default).Normalised();
        var parsed = _parser.Parse(name);
        var context = new CheckContext(parsed, facts, _vocabulary, policy, _parser) { Prediction = prediction, PredictableFamilies = _predictableFamilies };
        var findings = new List<Finding>();
        var skipped = new List<string>();
        foreach (var check in _checks)
        {
            findings.AddRange(check.Run(context, skipped));
        }

        Order(findings);

        // What the organization accepts is left out of the suggestion, then shown as a costless info.
        var suggestedFrom = findings;
        if (findings.Exists(f => IsAccepted(f, policy)))
        {
            suggestedFrom = findings.FindAll(f => !IsAccepted(f, policy));
            findings = findings.ConvertAll(f => IsAccepted(f, policy) ? AsAccepted(f) : f);
            Order(findings);
        }

        return new CheckResult(name ?? string.Empty, VerdictOf(findings), Score(findings), parsed, facts, findings, _suggestions.Suggest(context, suggestedFrom), skipped, prediction);
    }

    private static void Order(List<Finding> findings) =>
        findings.Sort((a, b) => b.Severity.CompareTo(a.Severity) is var bySeverity and not 0
            ? bySeverity
            : IndexOf(a.Code).CompareTo(IndexOf(b.Code)));

    private static bool IsAccepted(Finding finding, NamingPolicy policy) =>
        finding.Severity > Severity.Info && policy.AcceptedFindings.Any(accepted => accepted.Accepts(finding));

    private static Finding AsAccepted(Finding finding) => finding with
    {
        Severity = Severity.Info,
        Confidence = 0,
        Message = $"Accepted by the organization's policy: {finding.Message}",
    };

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
