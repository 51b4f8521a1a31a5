namespace Dara.Cloud.Portal.Components.Tests.Grid;

/// <summary>
/// An organization's model index in memory, answering <see cref="ModelQuery"/> as the organization grain does
/// (filter, sort, page), and recording every query the grid sent.
/// </summary>
internal sealed class FakeModelIndex(IReadOnlyList<ModelSummary> models)
{
    private readonly List<ModelQuery> _queries = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<ModelQuery> Queries
    {
        get
        {
            lock (_lock)
            {
                return _queries.ToList();
            }
        }
    }

    public ModelQuery LastQuery => Queries[^1];

    /// <summary>Models named owner-0/model-000 … with scores and verdicts spread over the range, reviews in every status.</summary>
    public static FakeModelIndex WithModels(int count) => new(Enumerable.Range(0, count).Select(i =>
    {
        var score = i * 7 % 101;
        var verdict = score >= 80 ? "ok" : score >= 50 ? "suspicious" : "misnamed";
        string[] findings = verdict == "ok" ? [] : verdict == "suspicious" ? ["task-mismatch"] : ["size-mismatch", "convention"];
        return Samples.Summary($"owner-{i % 3}", $"model-{i:000}", verdict, score, findings) with
        {
            AnalyzedAt = Samples.Now.AddHours(-i),
            ReviewStatus = ReviewActions.Statuses[i % ReviewActions.Statuses.Count],
        };
    }).ToList());

    public Task<ModelPage> LoadAsync(ModelQuery query, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _queries.Add(query);
        }

        IEnumerable<ModelSummary> matching = models;
        if (query.Verdict is not null)
        {
            matching = matching.Where(m => query.VerdictMatches(m.Verdict));
        }

        if (query.ReviewStatus is { } status)
        {
            matching = matching.Where(m => m.ReviewStatus == status);
        }

        if (query.Assignee is { } assignee)
        {
            matching = matching.Where(m => string.Equals(m.Assignee, assignee, StringComparison.OrdinalIgnoreCase));
        }

        if (query.Finding is { } finding)
        {
            matching = matching.Where(m => m.FindingCodes.Contains(finding));
        }

        if (query.Text is { } text)
        {
            matching = matching.Where(m => m.RepoId.Contains(text, StringComparison.OrdinalIgnoreCase) || m.SuggestedName.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        if (query.Author is { } author)
        {
            matching = matching.Where(m => string.Equals(m.Owner, author, StringComparison.OrdinalIgnoreCase));
        }

        if (query.MinScore is { } min)
        {
            matching = matching.Where(m => m.Score >= min);
        }

        if (query.MaxScore is { } max)
        {
            matching = matching.Where(m => m.Score <= max);
        }

        matching = query.Sort switch
        {
            "score" => matching.OrderBy(m => m.Score),
            "-score" => matching.OrderByDescending(m => m.Score),
            "name" => matching.OrderBy(m => m.RepoId, StringComparer.Ordinal),
            "-name" => matching.OrderByDescending(m => m.RepoId, StringComparer.Ordinal),
            "analyzed" => matching.OrderBy(m => m.AnalyzedAt),
            _ => matching.OrderByDescending(m => m.AnalyzedAt),
        };
        var all = matching.ToList();
        var page = all.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return Task.FromResult(new ModelPage(page, all.Count, query.Page, query.PageSize));
    }
}
