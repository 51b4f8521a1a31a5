using Dara.Cloud.Grains.Analysis;

namespace Dara.Cloud.Grains.Organizations;

/// <summary>
/// The daily naming-quality trend over the last <see cref="Days"/> days, counted as verdicts arrive: a day's figures are
/// the verdicts issued that day (a re-analysis counts again), not the organization as it stands.
/// </summary>
internal sealed class TrendBook
{
    public const int Days = 90;

    private readonly SortedDictionary<DateOnly, TrendDay> _days = [];

    public TrendBook(IEnumerable<TrendDay> days)
    {
        foreach (var day in days)
        {
            _days[day.Day] = day;
        }
    }

    public void Add(ModelSummary summary, DateOnly today)
    {
        // An unreadable model has no verdict on its name; its score of 0 would drag the day's average down where the
        // dashboard's own average (and histogram) leaves it out.
        if (summary.Verdict == AnalysisEngine.Unreadable)
        {
            return;
        }

        var day = DateOnly.FromDateTime(summary.AnalyzedAt.UtcDateTime);
        var first = today.AddDays(1 - Days);
        if (day < first || day > today)
        {
            return;
        }

        var existing = _days.GetValueOrDefault(day) ?? new TrendDay(day, 0, 0, 0);
        _days[day] = existing with
        {
            Analyzed = existing.Analyzed + 1,
            ScoreSum = existing.ScoreSum + summary.Score,
            Misnamed = existing.Misnamed + (summary.Verdict == "misnamed" ? 1 : 0),
        };
        Prune(first);
    }

    public IReadOnlyList<TrendDay> Snapshot() => _days.Values.ToArray();

    public IReadOnlyList<DailyPoint> Points(DateOnly today)
    {
        Prune(today.AddDays(1 - Days));
        return _days.Values.Select(d => new DailyPoint(d.Day, d.Analyzed, d.Analyzed == 0 ? 0 : Math.Round((double)d.ScoreSum / d.Analyzed, 2), d.Misnamed)).ToArray();
    }

    private void Prune(DateOnly first)
    {
        while (_days.Count > 0 && _days.Keys.First() is var oldest && oldest < first)
        {
            _days.Remove(oldest);
        }
    }
}
