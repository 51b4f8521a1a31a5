using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Facts;
using Dara.Cloud.Grains.Analysis;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// Edits an organization's naming policy, with the <see cref="PolicyPreview"/> beside it re-scoring the organization's
/// models as the user types. Nothing is saved until <see cref="OnSave"/>; invalid edits are explained, not saved.
/// </summary>
public partial class PolicyEditor
{
    private static readonly char[] OrderSeparators = [' ', ',', ';', '>', '→', '\t'];

    private PolicyRecord? _loaded;
    private long _loadedRevision;
    private bool _requireArchitecture;
    private bool _requireTask;
    private bool _requireSize;
    private bool _lowercase;
    private string _orderText = string.Empty;
    private string _separator = "-";
    private int _maxLength;
    private List<string> _forbiddenWords = [];
    private string _severity = "info";
    private List<AcceptedFindingRecord> _accepted = [];
    private string? _newWord;
    private string? _problem;

    /// <summary>The saved policy: the editor starts from it, and starts over when a different one comes in.</summary>
    [Parameter, EditorRequired]
    public PolicyRecord Policy { get; set; } = PolicyRecord.Default;

    /// <summary>
    /// The saved policy's revision: a new one starts the editor over even when the values are equal (the page reloaded
    /// a policy someone else saved meanwhile, and the edits made on the old one are gone).
    /// </summary>
    [Parameter]
    public long Revision { get; set; }

    /// <summary>Shown above the editor when the page's save found the policy changed by someone else; null shows nothing.</summary>
    [Parameter]
    public string? StaleWarning { get; set; }

    /// <summary>The organization's models for the live preview; null shows no preview.</summary>
    [Parameter]
    public IReadOnlyList<(string Name, ModelFacts Facts, int CurrentScore)>? PreviewModels { get; set; }

    /// <summary>How many models the organization has, of which <see cref="PreviewModels"/> are the most recently analysed; null when not known.</summary>
    [Parameter]
    public int? OrganizationModels { get; set; }

    [Parameter]
    public int PreviewDebounceMilliseconds { get; set; } = 250;

    /// <summary>The preview's name checker (the engine's by default).</summary>
    [Parameter]
    public Func<string, ModelFacts, NamingPolicy, CheckResult>? Check { get; set; }

    /// <summary>What reviewers' dismissals teach that the saved policy does not accept yet; null shows nothing.</summary>
    [Parameter]
    public IReadOnlyList<DismissalLesson>? Lessons { get; set; }

    /// <summary>Whether the user may change the policy (owners); otherwise it is shown read-only.</summary>
    [Parameter]
    public bool CanEdit { get; set; } = true;

    /// <summary>True while the page saves: buttons are disabled.</summary>
    [Parameter]
    public bool Saving { get; set; }

    /// <summary>Raised with the edited policy when the user saves it.</summary>
    [Parameter]
    public EventCallback<PolicyRecord> OnSave { get; set; }

    /// <summary>The policy as edited so far.</summary>
    public PolicyRecord Draft { get; private set; } = PolicyRecord.Default;

    private bool IsDirty => !SamePolicy(Draft, Policy);

    private bool CanSave => CanEdit && !Saving && IsDirty && _problem is null;

    protected override void OnParametersSet()
    {
        if (_loaded is not null && _loadedRevision == Revision && SamePolicy(_loaded, Policy))
        {
            return;
        }

        _loaded = Policy;
        _loadedRevision = Revision;
        Load(Policy);
    }

    private void Load(PolicyRecord policy)
    {
        _requireArchitecture = policy.RequireArchitecture;
        _requireTask = policy.RequireTaskForFineTuned;
        _requireSize = policy.RequireSize;
        _lowercase = policy.Lowercase;
        _orderText = string.Join(' ', policy.Order ?? []);
        _separator = policy.Separator ?? string.Empty;
        _maxLength = policy.MaxLength;
        _forbiddenWords = [.. policy.ForbiddenWords ?? []];
        _severity = policy.Severity;
        _accepted = [.. policy.AcceptedFindings ?? []];
        Rebuild();
    }

    private void Edit(Action change)
    {
        change();
        Rebuild();
    }

    /// <summary>A new draft record per edit: the preview sees a new policy and scores again.</summary>
    private void Rebuild()
    {
        Draft = new PolicyRecord(
            _requireArchitecture,
            _requireTask,
            _requireSize,
            _orderText.Split(OrderSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(code => code.ToUpperInvariant()).ToArray(),
            _separator.Length == 0 ? null : _separator,
            _lowercase,
            _maxLength,
            _forbiddenWords.ToArray(),
            _severity,
            _accepted.ToArray());
        _problem = PolicyMapping.TryToNamingPolicy(Draft, out _, out var problem) ? null : problem;
    }

    private void OnWordKeyUp(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            AddWord();
        }
    }

    private void AddWord()
    {
        var word = _newWord?.Trim();
        _newWord = null;
        if (string.IsNullOrEmpty(word) || _forbiddenWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        Edit(() => _forbiddenWords.Add(word));
    }

    /// <summary>The lessons the draft does not accept yet (one accepted here waits for the save).</summary>
    private IEnumerable<DismissalLesson> OpenLessons => (Lessons ?? []).Where(lesson => !_accepted.Any(a => a.Key == lesson.Finding.Key));

    private void Accept(DismissalLesson lesson) => Edit(() => _accepted.Add(lesson.Finding));

    private void Unaccept(AcceptedFindingRecord finding) => Edit(() => _accepted.RemoveAll(a => a.Key == finding.Key));

    /// <summary>"architecture-mismatch on 'llama'", or the code alone for a finding about the name as a whole.</summary>
    private static string Describe(AcceptedFindingRecord finding) =>
        finding.Claimed is null ? finding.Code : $"{finding.Code} on '{finding.Claimed}'";

    /// <summary>Where and why the finding was dismissed: "dismissed on 3 models: "…" (bob@example.com)".</summary>
    private static string Taught(DismissalLesson lesson) =>
        $"dismissed on {(lesson.Models.Count == 1 ? lesson.Models[0] : $"{lesson.Models.Count} models")}: \"{lesson.LastReason}\" ({lesson.LastBy})";

    private void Reset() => Load(Policy);

    private void UseDefaults() => Load(PolicyRecord.Default);

    private async Task SaveAsync()
    {
        if (CanSave)
        {
            await OnSave.InvokeAsync(Draft);
        }
    }

    /// <summary>Records compare their lists by reference; policies are the same when every value is.</summary>
    public static bool SamePolicy(PolicyRecord a, PolicyRecord b) =>
        a.RequireArchitecture == b.RequireArchitecture
        && a.RequireTaskForFineTuned == b.RequireTaskForFineTuned
        && a.RequireSize == b.RequireSize
        && (a.Order ?? []).SequenceEqual(b.Order ?? [], StringComparer.Ordinal)
        && string.Equals(a.Separator, b.Separator, StringComparison.Ordinal)
        && a.Lowercase == b.Lowercase
        && a.MaxLength == b.MaxLength
        && (a.ForbiddenWords ?? []).SequenceEqual(b.ForbiddenWords ?? [], StringComparer.Ordinal)
        && string.Equals(a.Severity, b.Severity, StringComparison.Ordinal)
        && (a.AcceptedFindings ?? []).SequenceEqual(b.AcceptedFindings ?? []);
}
