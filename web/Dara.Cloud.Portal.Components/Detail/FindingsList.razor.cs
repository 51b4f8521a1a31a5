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
