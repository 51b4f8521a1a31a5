namespace Dara.Cloud.Grains.Organizations;

/// <summary>
/// An organization's models in memory: summaries by id, the aggregates dashboards show (kept up to date as summaries
/// change, never recounted), and the orders lists are sorted by (rebuilt only after a change). A query walks one
/// order and allocates only its page, so listing stays fast at tens of thousands of models.
/// </summary>
internal sealed class ModelIndex
{
    public const int MaxPageSize = 200;
    public const int TopCount = 10;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // The Hub ignores case in repo ids, so one model has one id whatever its spelling: this maps any spelling to the one
    // the index holds. Indexes written before ids ignored case may hold two spellings; the first is found here, and
    // each stays reachable by its exact spelling (FindId looks that up first) so it can still be read or deleted.
    private readonly Dictionary<string, string> _idsIgnoringCase = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Entry>> _byArchitecture = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byVerdict = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byFinding = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byReview = new(StringComparer.Ordinal);
    private readonly int[] _histogram = new int[10];
    private long _scoreSum;
    private int _scored;
    private Entry[]? _byScore;
    private Entry[]? _byName;
    private Entry[]? _byAnalyzed;

    public ModelIndex(IEnumerable<ModelSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            Upsert(summary);
        }
    }

    public int Count => _entries.Count;

    public IEnumerable<string> RepoIds => _entries.Keys;

    public ModelSummary? Find(string repoId) => _entries.GetValueOrDefault(repoId)?.Summary;

    /// <summary>The id the index keeps model <paramref name="repoId"/> under, spelled in any case; null when it has none.</summary>
    public string? FindId(string repoId) =>
        _entries.ContainsKey(repoId) ? repoId : _idsIgnoringCase.GetValueOrDefault(repoId);

    /// <summary>Adds or replaces a summary; false (and nothing changes) when the index already has a newer verdict.</summary>
    public bool Upsert(ModelSummary summary)
    {
        var repoId = summary.RepoId;
        if (_entries.TryGetValue(repoId, out var existing))
        {
            if (existing.Summary.AnalyzedAt > summary.AnalyzedAt)
            {
                return false;
            }

            Subtract(existing);
        }

        var entry = new Entry(summary);
        _entries[repoId] = entry;
        _idsIgnoringCase.TryAdd(repoId, repoId);
        Add(entry);
        _byScore = _byName = _byAnalyzed = null;
        return true;
    }

    public bool Remove(string repoId)
    {
        if (!_entries.Remove(repoId, out var existing))
        {
            return false;
        }

        if (_idsIgnoringCase.GetValueOrDefault(repoId) == repoId)
        {
            _idsIgnoringCase.Remove(repoId);
            if (_entries.Keys.FirstOrDefault(other => string.Equals(other, repoId, StringComparison.OrdinalIgnoreCase)) is { } twin)
            {
                _idsIgnoringCase[twin] = twin;
            }
        }

        Subtract(existing);
        _byScore = _byName = _byAnalyzed = null;
        return true;
    }

    public IReadOnlyList<ModelSummary> Snapshot()
    {
        var summaries = new ModelSummary[_entries.Count];
        var i = 0;
        foreach (var entry in _entries.Values)
        {
            summaries[i++] = entry.Summary;
        }

        return summaries;
    }

    /// <summary>
    /// Models with the same architecture hash and, when given, the same size and the same weights: a model whose weights
    /// are not known is no copy of given weights.
    /// </summary>
    public IReadOnlyList<string> SameArchitecture(string architectureHash, string exceptRepoId, long? parameters, string? weightSignature)
    {
        if (!_byArchitecture.TryGetValue(architectureHash, out var candidates))
        {
            return [];
        }

        var found = new List<string>();
        foreach (var candidate in candidates)
        {
            var summary = candidate.Summary;
            if (summary.RepoId == exceptRepoId
                || (parameters is not null && summary.Parameters != parameters)
                || (weightSignature is not null && summary.WeightSignature != weightSignature))
            {
                continue;
            }

            found.Add(summary.RepoId);
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    public ModelPage Query(ModelQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var (order, descending) = Order(query.Sort);
        var text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim().ToLowerInvariant();
        var skip = (long)(page - 1) * pageSize;
        var items = new List<ModelSummary>(pageSize);
        var total = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var entry = order[descending ? order.Length - 1 - i : i];
            if (!Matches(entry, query, text))
            {
                continue;
            }

            if (total >= skip && items.Count < pageSize)
            {
                items.Add(entry.Summary);
            }

            total++;
        }

        return new ModelPage(items, total, page, pageSize);
    }

    public OrgStats Stats(IReadOnlyList<DailyPoint> trend)
    {
        var worst = new List<ModelSummary>(TopCount);
        foreach (var entry in ByScore())
        {
            if (worst.Count == TopCount)
            {
                break;
            }

            if (entry.Summary.Verdict != Analysis.AnalysisEngine.Unreadable)
            {
                worst.Add(entry.Summary);
            }
        }

        var byAnalyzed = ByAnalyzed();
        var recent = new List<ModelSummary>(TopCount);
        for (var i = byAnalyzed.Length - 1; i >= 0 && recent.Count < TopCount; i--)
        {
            recent.Add(byAnalyzed[i].Summary);
        }

        return new OrgStats(
            _entries.Count,
            _scored == 0 ? 0 : Math.Round((double)_scoreSum / _scored, 2),
            new Dictionary<string, int>(_byVerdict, StringComparer.Ordinal),
            new Dictionary<string, int>(_byFinding, StringComparer.Ordinal),
            _histogram.ToArray(),
            trend,
            worst,
            recent,
            new Dictionary<string, int>(_byReview, StringComparer.Ordinal));
    }

    private static bool Matches(Entry entry, ModelQuery query, string? text)
    {
        var summary = entry.Summary;
        if (!query.VerdictMatches(summary.Verdict)
            || (query.ReviewStatus is not null && summary.ReviewStatus != query.ReviewStatus)
            || (query.Assignee is not null && !string.Equals(summary.Assignee, query.Assignee, StringComparison.OrdinalIgnoreCase))
            || (query.Author is not null && !string.Equals(summary.Owner, query.Author, StringComparison.OrdinalIgnoreCase))
            || (query.MinScore is { } min && summary.Score < min)
            || (query.MaxScore is { } max && summary.Score > max)
            || (text is not null && !entry.SearchText.Contains(text, StringComparison.Ordinal)))
        {
            return false;
        }

        if (query.Finding is null)
        {
            return true;
        }

        foreach (var code in summary.FindingCodes)
        {
            if (code == query.Finding)
            {
                return true;
            }
        }

        return false;
    }

    private (Entry[] Order, bool Descending) Order(string? sort) => sort switch
    {
        null or "" or "-analyzed" => (ByAnalyzed(), true),
        "analyzed" => (ByAnalyzed(), false),
        "score" => (ByScore(), false),
        "-score" => (ByScore(), true),
        "name" => (ByName(), false),
        "-name" => (ByName(), true),
        _ => throw new ArgumentException($"'{sort}' is not a sort order: use score, -score, name, -name, analyzed or -analyzed."),
    };

    // Ties are broken by id, so pages never overlap or skip a model.
    private Entry[] ByScore() => _byScore ??= Sorted((a, b) => a.Summary.Score.CompareTo(b.Summary.Score) is var c and not 0 ? c : CompareIds(a, b));

    private Entry[] ByName() => _byName ??= Sorted(CompareIds);

    private Entry[] ByAnalyzed() => _byAnalyzed ??= Sorted((a, b) => a.Summary.AnalyzedAt.CompareTo(b.Summary.AnalyzedAt) is var c and not 0 ? c : CompareIds(a, b));

    private static int CompareIds(Entry a, Entry b) => string.CompareOrdinal(a.SortName, b.SortName) is var c and not 0 ? c : string.CompareOrdinal(a.Summary.RepoId, b.Summary.RepoId);

    private Entry[] Sorted(Comparison<Entry> comparison)
    {
        var entries = _entries.Values.ToArray();
        Array.Sort(entries, comparison);
        return entries;
    }

    private void Add(Entry entry)
    {
        var summary = entry.Summary;
        Increment(_byVerdict, summary.Verdict, 1);
        if (summary.ReviewStatus is { } review)
        {
            Increment(_byReview, review, 1);
        }

        foreach (var code in summary.FindingCodes)
        {
            Increment(_byFinding, code, 1);
        }

        if (summary.Verdict != Analysis.AnalysisEngine.Unreadable)
        {
            _histogram[Bucket(summary.Score)]++;
            _scoreSum += summary.Score;
            _scored++;
        }

        if (summary.ArchitectureHash is { } hash)
        {
            if (!_byArchitecture.TryGetValue(hash, out var list))
            {
                _byArchitecture[hash] = list = [];
            }

            list.Add(entry);
        }
    }

    private void Subtract(Entry entry)
    {
        var summary = entry.Summary;
        Increment(_byVerdict, summary.Verdict, -1);
        if (summary.ReviewStatus is { } review)
        {
            Increment(_byReview, review, -1);
        }

        foreach (var code in summary.FindingCodes)
        {
            Increment(_byFinding, code, -1);
        }

        if (summary.Verdict != Analysis.AnalysisEngine.Unreadable)
        {
            _histogram[Bucket(summary.Score)]--;
            _scoreSum -= summary.Score;
            _scored--;
        }

        if (summary.ArchitectureHash is { } hash && _byArchitecture.TryGetValue(hash, out var list))
        {
            list.Remove(entry);
            if (list.Count == 0)
            {
                _byArchitecture.Remove(hash);
            }
        }
    }

    private static int Bucket(int score) => Math.Clamp(score / 10, 0, 9);

    private static void Increment(Dictionary<string, int> counts, string key, int by)
    {
        var count = counts.GetValueOrDefault(key) + by;
        if (count <= 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = count;
        }
    }

    /// <summary>A summary with the text searches look in, lower-cased once.</summary>
    private sealed class Entry(ModelSummary summary)
    {
        public ModelSummary Summary { get; } = summary;

        public string SearchText { get; } = $"{summary.Owner}/{summary.Name}\n{summary.SuggestedName}".ToLowerInvariant();

        public string SortName { get; } = summary.RepoId.ToLowerInvariant();
    }
}
