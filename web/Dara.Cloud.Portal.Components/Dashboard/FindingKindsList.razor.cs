using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>The kinds of findings across an organization, most frequent first, each with a bar and a link to its models.</summary>
public partial class FindingKindsList
{
    private IReadOnlyList<(string Code, int Count)> _kinds = [];
    private int _max = 1;

    /// <summary>Models per finding code (<see cref="OrgStats.ByFinding"/>); null while loading.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, int>? ByFinding { get; set; }

    /// <summary>Raised with a finding code when chosen (to open the models that have it).</summary>
    [Parameter]
    public EventCallback<string> OnSelect { get; set; }

    protected override void OnParametersSet()
    {
        _kinds = (ByFinding ?? new Dictionary<string, int>())
            .Where(p => p.Value > 0)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, p.Value))
            .ToList();
        _max = Math.Max(1, _kinds.Count == 0 ? 1 : _kinds[0].Count);
    }
}
