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
        // Newest first; the current verdict before an earlier one of the same instant.
        var records = (History ?? [])
            .Where(r => !ReferenceEquals(r, Current))
            .Select(r => (Record: r, IsCurrent: false))
            .Concat(Current is null ? [] : [(Record: Current, IsCurrent: true)])
            .OrderByDescending(r => r.Record.AnalyzedAt)
            .ThenByDescending(r => r.IsCurrent)
            .ToList();
        _entries = records
            .Select((r, i) => new Entry(r.Record, r.IsCurrent, i + 1 < records.Count ? r.Record.Score - records[i + 1].Record.Score : null))
            .ToList();
    }

    private sealed record Entry(VerdictRecord Record, bool IsCurrent, int? ScoreChange);
}
