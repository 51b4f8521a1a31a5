using Dara.Cloud.Analysis.Naming;

namespace Dara.Cloud.Analysis.Checks;

/// <summary>
/// An organization's naming policy. The default is the convention the survey's users prefer (Jiang et al.):
/// the implementation (architecture) first, then the task or application, e.g. <c>roberta-base-sentiment</c>.
/// Departures are <c>convention</c> findings of <see cref="Severity"/>; they lower the score, and make a name
/// suspicious or misnamed only when an organization raises the severity.
/// </summary>
public sealed record NamingPolicy
{
    public static NamingPolicy Default { get; } = new();

    /// <summary>The name must say its architecture (A).</summary>
    public bool RequireArchitecture { get; init; } = true;

    /// <summary>A model with a task head (classifier, tagger, QA) must say its task, application or dataset.</summary>
    public bool RequireTaskForFineTuned { get; init; } = true;

    /// <summary>The name must state its size (S) or parameter count (P).</summary>
    public bool RequireSize { get; init; }

    /// <summary>The order elements must come in when present; elements not listed may go anywhere.</summary>
    public IReadOnlyList<ElementCode> Order { get; init; } = [ElementCode.A, ElementCode.T];

    /// <summary>The separator between words ('-' by default); null allows any.</summary>
    public char? Separator { get; init; } = '-';

    /// <summary>The name must be lower case.</summary>
    public bool Lowercase { get; init; }

    /// <summary>Longest name allowed (the Hub allows 96 characters).</summary>
    public int MaxLength { get; init; } = 96;

    /// <summary>Words that must not appear (test, tmp, final…), compared case-insensitively with whole tokens.</summary>
    public IReadOnlyList<string> ForbiddenWords { get; init; } = [];

    /// <summary>Severity of convention findings.</summary>
    public Severity Severity { get; init; } = Severity.Info;

    /// <summary>
    /// Findings the organization accepts (most often taught by dismissing them in a review): a finding of one of these
    /// codes that claims the same text (case ignored) is kept, as info that costs nothing, and decides no verdict and no
    /// suggested name.
    /// </summary>
    public IReadOnlyList<AcceptedFinding> AcceptedFindings { get; init; } = [];

    /// <summary>
    /// This policy with lists a deserializer left null put back to their defaults and limits made sane, so a policy
    /// read from JSON or an API can be used as is.
    /// </summary>
    public NamingPolicy Normalised() => this with
    {
        Order = Order ?? Default.Order,
        ForbiddenWords = ForbiddenWords ?? [],
        AcceptedFindings = AcceptedFindings ?? [],
        MaxLength = MaxLength is > 0 and <= 1024 ? MaxLength : Default.MaxLength,
    };
}

/// <summary>
/// A finding an organization accepts: its <paramref name="Code"/> and the name's text it is about
/// (<paramref name="Claimed"/>; null for a finding about the name as a whole, such as uninformative-name).
/// </summary>
public sealed record AcceptedFinding(string Code, string? Claimed)
{
    /// <summary>Findings one policy may accept.</summary>
    public const int MaxPerPolicy = 200;

    /// <summary>The longest claimed text an accepted finding may hold (model names are at most 96 characters).</summary>
    public const int MaxClaimedLength = 128;

    /// <summary>
    /// Why a finding with <paramref name="code"/> about <paramref name="claimed"/> cannot be accepted, or null. A code
    /// no check raises would accept nothing, silently.
    /// </summary>
    public static string? ProblemOf(string? code, string? claimed) =>
        code is null || !FindingCodes.All.Contains(code) ? $"'{code}' is not a finding code ({string.Join(", ", FindingCodes.All)})"
        : claimed is { Length: > MaxClaimedLength } ? $"an accepted finding's text must be at most {MaxClaimedLength} characters"
        : null;

    /// <summary>Whether <paramref name="finding"/> is one this accepts: the same code about the same text.</summary>
    public bool Accepts(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Code == Code && string.Equals(finding.Claimed, Claimed, StringComparison.OrdinalIgnoreCase);
    }
}
