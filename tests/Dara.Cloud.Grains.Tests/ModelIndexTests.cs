using System.Collections.Concurrent;

namespace Dara.Cloud.Grains.Tests;

/// <summary>The organization's model index as the API sees it: filters, sorting, paging, stats and live updates.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelIndexTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.UtcNow.AddDays(-5);

    /// <summary>300 models: owners acme/other, verdicts by index, scores spread 0-99, one day apart in groups.</summary>
    private static ModelSummary Summary(int i) => new(
        i % 3 == 0 ? "other" : "acme",
        $"model-{i:D3}",
        (i % 4) switch { 0 => "ok", 1 => "suspicious", 2 => "misnamed", _ => "unreadable" },
        (i * 37) % 100,
        (i % 4) switch { 1 => ["size-mismatch"], 2 => ["architecture-mismatch", "convention"], _ => [] },
        $"acme/suggested-{i}",
        "bert",
        110_000_000,
        s_start.AddMinutes(i * 20),
        "upload",
        "open",
        $"hash-{i % 7}");

    private async Task<IOrganizationGrain> OrganizationWithModelsAsync(TenantId tenant, int count)
    {
        var organization = await fixture.CreateOrganizationAsync(tenant);
        for (var i = 0; i < count; i++)
        {
            await organization.RecordModelAsync(Summary(i));
        }

        return organization;
    }

    [Fact]
    public async Task Filters_combine_and_the_total_counts_every_match()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, 300);
        var expected = Enumerable.Range(0, 300).Select(Summary)
            .Where(s => s.Verdict == "misnamed" && s.Owner == "acme" && s.Score >= 20 && s.Score <= 80 && s.FindingCodes.Contains("convention"))
            .ToList();

        var page = await organization.ListModelsAsync(new ModelQuery(Verdict: "misnamed", Finding: "convention", Author: "ACME", MinScore: 20, MaxScore: 80, PageSize: 200));

        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Select(s => s.RepoId).Order(StringComparer.Ordinal), page.Items.Select(s => s.RepoId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_review_status_filter_lists_the_models_in_that_status_and_combines_with_the_others()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var summaries = Enumerable.Range(0, 40).Select(i => Summary(i) with { ReviewStatus = ReviewActions.Statuses[i % 4] }).ToList();
        foreach (var summary in summaries)
        {
            await organization.RecordModelAsync(summary);
        }

        var dismissed = await organization.ListModelsAsync(new ModelQuery(ReviewStatus: ReviewActions.Dismissed, PageSize: 200));
        var acceptedByAcme = await organization.ListModelsAsync(new ModelQuery(Author: "acme", ReviewStatus: ReviewActions.Accepted, PageSize: 200));

        Assert.Equal(10, dismissed.Total);
        Assert.All(dismissed.Items, s => Assert.Equal(ReviewActions.Dismissed, s.ReviewStatus));
        Assert.Equal(
            summaries.Where(s => s.Owner == "acme" && s.ReviewStatus == ReviewActions.Accepted).Select(s => s.RepoId).Order(StringComparer.Ordinal),
            acceptedByAcme.Items.Select(s => s.RepoId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_flagged_verdict_lists_misnamed_and_suspicious_models_and_combines_with_the_review_status()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var summaries = Enumerable.Range(0, 40).Select(i => Summary(i) with { ReviewStatus = i % 5 == 0 ? ReviewActions.Accepted : ReviewActions.Open }).ToList();
        foreach (var summary in summaries)
        {
            await organization.RecordModelAsync(summary);
        }

        var flaggedOpen = await organization.ListModelsAsync(new ModelQuery(Verdict: ModelQuery.Flagged, ReviewStatus: ReviewActions.Open, PageSize: 200));

        Assert.Equal(
            summaries.Where(s => s.Verdict is "misnamed" or "suspicious" && s.ReviewStatus == ReviewActions.Open).Select(s => s.RepoId).Order(StringComparer.Ordinal),
            flaggedOpen.Items.Select(s => s.RepoId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(flaggedOpen.Items, s => s.Verdict is "ok" or "unreadable");
    }

    [Fact]
    public async Task The_assignee_filter_ignores_case_and_combines_with_the_review_status()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var summaries = Enumerable.Range(0, 40).Select(i => Summary(i) with
        {
            ReviewStatus = i % 2 == 0 ? ReviewActions.Assigned : ReviewActions.Accepted,
            Assignee = i % 4 < 2 ? "ana@example.com" : i % 4 == 2 ? "bo@example.com" : null,
        }).ToList();
        foreach (var summary in summaries)
        {
            await organization.RecordModelAsync(summary);
        }

        var ana = await organization.ListModelsAsync(new ModelQuery(Assignee: "Ana@Example.com", PageSize: 200));
        var anaAssigned = await organization.ListModelsAsync(new ModelQuery(ReviewStatus: ReviewActions.Assigned, Assignee: "ana@example.com", PageSize: 1));

        Assert.Equal(20, ana.Total);
        Assert.All(ana.Items, s => Assert.Equal("ana@example.com", s.Assignee));
        Assert.Equal(summaries.Count(s => s.Assignee == "ana@example.com" && s.ReviewStatus == ReviewActions.Assigned), anaAssigned.Total);
    }

    [Fact]
    public async Task Stats_count_the_models_by_review_status_and_follow_a_review_that_moves()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        for (var i = 0; i < 12; i++)
        {
            await organization.RecordModelAsync(Summary(i) with { ReviewStatus = i < 9 ? ReviewActions.Open : ReviewActions.Assigned });
        }

        await organization.RecordModelAsync(Summary(0) with { ReviewStatus = ReviewActions.Dismissed });
        var stats = await organization.GetStatsAsync();

        Assert.Equal(8, stats.ByReview![ReviewActions.Open]);
        Assert.Equal(3, stats.ByReview[ReviewActions.Assigned]);
        Assert.Equal(1, stats.ByReview[ReviewActions.Dismissed]);
        Assert.False(stats.ByReview.ContainsKey(ReviewActions.Accepted));
    }

    [Fact]
    public async Task Text_search_is_case_insensitive_over_id_and_suggested_name()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, 300);

        var byId = await organization.ListModelsAsync(new ModelQuery(Text: "MODEL-12"));
        var bySuggestion = await organization.ListModelsAsync(new ModelQuery(Text: "Suggested-299"));

        Assert.Equal(Enumerable.Range(120, 10).Select(i => $"model-{i:D3}"), byId.Items.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal("model-299", Assert.Single(bySuggestion.Items).Name);
    }

    [Theory]
    [InlineData("score")]
    [InlineData("-score")]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("analyzed")]
    [InlineData("-analyzed")]
    public async Task Pages_follow_the_sort_order_without_overlap_or_gaps(string sort)
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, 300);
        var all = Enumerable.Range(0, 300).Select(Summary);
        var expected = (sort.TrimStart('-') switch
        {
            "score" => all.OrderBy(s => s.Score).ThenBy(s => s.RepoId, StringComparer.Ordinal),
            "name" => all.OrderBy(s => s.RepoId, StringComparer.Ordinal),
            _ => all.OrderBy(s => s.AnalyzedAt).ThenBy(s => s.RepoId, StringComparer.Ordinal),
        }).Select(s => s.RepoId).ToList();
        if (sort.StartsWith('-'))
        {
            expected.Reverse();
        }

        var listed = new List<string>();
        for (var page = 1; page <= 7; page++)
        {
            var result = await organization.ListModelsAsync(new ModelQuery(Sort: sort, Page: page, PageSize: 45));
            Assert.Equal(300, result.Total);
            listed.AddRange(result.Items.Select(s => s.RepoId));
        }

        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task An_unknown_sort_order_is_refused()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);

        await Assert.ThrowsAsync<ArgumentException>(() => organization.ListModelsAsync(new ModelQuery(Sort: "downloads")));
    }

    [Fact]
    public async Task Stats_count_verdicts_findings_scores_and_the_daily_trend()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, 300);
        var all = Enumerable.Range(0, 300).Select(Summary).ToList();
        var scored = all.Where(s => s.Verdict != "unreadable").ToList();

        var stats = await organization.GetStatsAsync();

        Assert.Equal(300, stats.Models);
        Assert.Equal(Math.Round(scored.Average(s => s.Score), 2), stats.AverageScore);
        Assert.Equal(75, stats.ByVerdict["misnamed"]);
        Assert.Equal(75, stats.ByFinding["size-mismatch"]);
        Assert.Equal(75, stats.ByFinding["convention"]);
        Assert.Equal(10, stats.ScoreHistogram.Count);
        Assert.Equal(scored.Count, stats.ScoreHistogram.Sum());
        Assert.Equal(scored.Count(s => s.Score >= 90), stats.ScoreHistogram[9]);
        Assert.Equal(scored.OrderBy(s => s.Score).ThenBy(s => s.RepoId, StringComparer.Ordinal).Take(10).Select(s => s.RepoId), stats.Worst.Select(s => s.RepoId));
        Assert.Equal(all.OrderByDescending(s => s.AnalyzedAt).Take(10).Select(s => s.RepoId), stats.Recent.Select(s => s.RepoId));
        Assert.Equal(scored.Count, stats.Trend.Sum(p => p.Analyzed));
        Assert.Equal(scored.Average(s => s.Score), stats.Trend.Sum(p => p.AverageScore * p.Analyzed) / scored.Count, 1);
        Assert.Equal(75, stats.Trend.Sum(p => p.Misnamed));
        Assert.Equal(stats.Trend.OrderBy(p => p.Day).Select(p => p.Day), stats.Trend.Select(p => p.Day));
    }

    [Fact]
    public async Task A_newer_summary_replaces_an_older_one_and_stats_follow()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await OrganizationWithModelsAsync(tenant, 4);

        await organization.RecordModelAsync(Summary(2) with { Verdict = "ok", Score = 100, FindingCodes = [], AnalyzedAt = DateTimeOffset.UtcNow });
        await organization.RecordModelAsync(Summary(3) with { Score = 1, AnalyzedAt = s_start.AddDays(-1) });

        var stats = await organization.GetStatsAsync();
        Assert.Equal(4, stats.Models);
        Assert.False(stats.ByVerdict.ContainsKey("misnamed"));
        Assert.Equal(2, stats.ByVerdict["ok"]);
        Assert.Equal("model-002", stats.Recent[0].Name);
        Assert.Equal("unreadable", (await organization.ListModelsAsync(new ModelQuery(Text: "model-003"))).Items.Single().Verdict);
    }

    [Fact]
    public async Task Models_with_the_same_architecture_size_and_weights_are_found()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        await organization.RecordModelAsync(Summary(1) with { ArchitectureHash = "h", WeightSignature = "w1" });
        await organization.RecordModelAsync(Summary(2) with { ArchitectureHash = "h", WeightSignature = "w2" });
        await organization.RecordModelAsync(Summary(3) with { ArchitectureHash = "h", Parameters = 7 });
        await organization.RecordModelAsync(Summary(4) with { ArchitectureHash = "other" });

        Assert.Equal(["acme/model-001", "acme/model-002", "other/model-003"], await organization.FindSameArchitectureAsync("h", "x/y"));
        Assert.Equal(["acme/model-001"], await organization.FindSameArchitectureAsync("h", "acme/model-002", 110_000_000, "w1"));
        Assert.Empty(await organization.FindSameArchitectureAsync("none", "x/y"));
    }

    [Fact]
    public async Task Observers_are_told_of_every_model_change()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<IOrganizationObserver>(observer);
        await organization.SubscribeAsync(reference);

        await fixture.Model(tenant, "acme/bert-sentiment").SubmitAsync(Artifacts.UploadHeadsOnly());
        await organization.RecordModelAsync(Summary(7));

        var changed = await observer.WaitForAsync(2);
        Assert.Equal(["acme/bert-sentiment", "acme/model-007"], changed.Select(s => s.RepoId).Order(StringComparer.Ordinal));


        await organization.UnsubscribeAsync(reference);
        await organization.RecordModelAsync(Summary(8));
        await Task.Delay(200);
        Assert.Equal(2, observer.Received.Count);
        fixture.Client.DeleteObjectReference<IOrganizationObserver>(reference);
    }

    [Fact]
    public async Task Observers_hear_once_of_a_model_that_came_in_flagged_or_whose_verdict_became_worse()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<IOrganizationObserver>(observer);
        await organization.SubscribeAsync(reference);
        var ok = Summary(4);

        await organization.RecordModelAsync(ok);
        await organization.RecordModelAsync(ok with { Verdict = "misnamed", Score = 40, AnalyzedAt = ok.AnalyzedAt.AddMinutes(1) });
        await organization.RecordModelAsync(ok with { Verdict = "misnamed", Score = 35, AnalyzedAt = ok.AnalyzedAt.AddMinutes(2) });
        await organization.RecordModelAsync(Summary(6));
        await observer.WaitForAsync(4);
        await Task.Delay(200);

        Assert.Equal([("acme/model-004", "misnamed", (string?)"ok"), ("other/model-006", "misnamed", null)],
            observer.Flagged.Select(a => (a.Model.RepoId, a.Model.Verdict, a.PreviousVerdict)).Order());
        fixture.Client.DeleteObjectReference<IOrganizationObserver>(reference);
    }

    private sealed class RecordingObserver : IOrganizationObserver
    {
        public ConcurrentQueue<ModelSummary> Received { get; } = new();

        public ConcurrentQueue<ModelAlert> Flagged { get; } = new();

        public Task OnModelChangedAsync(ModelSummary summary)
        {
            Received.Enqueue(summary);
            return Task.CompletedTask;
        }

        public Task OnModelFlaggedAsync(ModelAlert alert)
        {
            Flagged.Enqueue(alert);
            return Task.CompletedTask;
        }

        public async Task<IReadOnlyList<ModelSummary>> WaitForAsync(int count)
        {
            for (var attempt = 0; attempt < 100 && Received.Count < count; attempt++)
            {
                await Task.Delay(50);
            }

            return Received.ToArray();
        }
    }

    [Fact]
    public async Task A_model_id_is_found_in_any_case_and_two_spellings_kept_from_before_stay_reachable()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);

        // An index written before ids ignored case can hold one model under two spellings.
        await organization.RecordModelAsync(Summary(1) with { Owner = "acme", Name = "BERT-base" });
        await organization.RecordModelAsync(Summary(2) with { Owner = "acme", Name = "bert-base" });
        await fixture.DeactivateAsync(organization);

        Assert.Equal("acme/BERT-base", await organization.FindModelIdAsync("ACME/Bert-Base"));
        Assert.Equal("acme/bert-base", await organization.FindModelIdAsync("acme/bert-base"));
        Assert.Equal("acme/BERT-base", await organization.ClaimModelIdAsync("acme/bert-BASE"));
        Assert.Null(await organization.FindModelIdAsync("acme/roberta-base"));

        // Deleting the first spelling leaves the other one the model's id.
        await organization.ForgetModelAsync("acme", "BERT-base");
        Assert.Equal("acme/bert-base", await organization.FindModelIdAsync("ACME/BERT-BASE"));

        // A new id is claimed with the spelling it was first given, before its model reports.
        Assert.Equal("acme/GPT2-Small", await organization.ClaimModelIdAsync("acme/GPT2-Small"));
        Assert.Equal("acme/GPT2-Small", await organization.ClaimModelIdAsync("acme/gpt2-small"));
    }
}
