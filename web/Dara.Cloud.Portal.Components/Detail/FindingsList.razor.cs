using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Analysis.Inspection;
using Microsoft.AspNetCore.Components;
using Severity = Dara.Cloud.Analysis.Checks.Severity;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>
/// A verdict's findings grouped by severity (errors, then warnings, then infos), each with its message, what the name
/// claims beside what the artifacts show, the evidence (file: field) and the confidence. "No findings" when empty.
/// </summary>
public partial class FindingsList
{
    private IReadOnlyList<IGrouping<Severity, Finding>> _groups = [];

    /// <summary>The findings; null while they load.</summary>
    [Parameter]
    public IReadOnlyList<Finding>? Findings { get; set; }

    /// <summary>Files that could not be read (the check document's problems), shown above the findings.</summary>
    [Parameter]
    public IReadOnlyList<ArtifactProblem>? Problems { get; set; }

    protected override void OnParametersSet() =>
        _groups = Findings is null
            ? []
            : Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).ToList();

    /// <summary>
    /// Whether the finding has a claim or an observation to show: a policy finding that carries neither (the task the
    /// policy asks for, a forbidden word) is all in its message, and "the name says nothing, the artifacts say nothing"
    /// beside it only puzzled readers.
    /// </summary>
    public static bool ShowsComparison(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Claimed is not null || finding.Observed is not null;
    }

    /// <summary>
    /// Whether "the name says" belongs beside the observation: when the name claims something, or when the finding is
    /// about a naming element the name leaves out ("nothing" is then the point). A finding about the model itself, such
    /// as a duplicate upload, is about no claim of the name.
    /// </summary>
    public static bool ShowsClaimed(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Claimed is not null || finding.Element is not null;
    }

    /// <summary>"2 errors", "1 warning", "3 infos".</summary>
    public static string GroupTitle(Severity severity, int count)
    {
        var word = severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "info",
        };
        return $"{count} {word}{(count == 1 ? string.Empty : "s")}";
    }
}
