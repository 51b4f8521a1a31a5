using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Detail;

/// <summary>A model's verdicts over time, newest first, each with its score and the change from the one before.</summary>
public partial class VerdictHistory
{
    private IReadOnlyList<Entry> _entries = [];

    /// <summary>The current verdict (marked as such), when there is one.</summary>
    [Parameter]
    public VerdictRecord? Current { get; set; }

    /// <summary>Earlier verdicts in any order; null (with no current verdict) while loading.</summary>
    [Parameter]
    public IReadOnlyList<VerdictRecord>? History { get; set; }

    protected override void OnParametersSet()
    {
        var records = (History ?? [])
            .Where(r => !ReferenceEquals(r, Current))
            .Select(r => (Record: r, IsCurrent: false))
            .Concat(Current is null ? [] : [(Current, true)])
            .OrderByDescending(r => r.Item1.AnalyzedAt)
            .ThenByDescending(r => r.Item2)
            .ToList();
        _entries = records
            .Select((r, i) => new Entry(r.Item1, r.Item2, i + 1 < records.Count ? r.Item1.Score - records[i + 1].Item1.Score : null))
            .ToList();
    }

    private sealed record Entry(VerdictRecord Record, bool IsCurrent, int? ScoreChange);
}
