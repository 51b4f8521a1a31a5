using Dara.Cloud.Grains.Models;
using Microsoft.Data.Sqlite;

namespace Dara.Cloud.Grains.Tests;

/// <summary>
/// A model's review keeps every step: the newest inline in the model's state, older ones in its archive pages, all
/// numbered 1, 2, 3, … and read back in order, through deactivation and restarts, and gone with the model.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReviewArchiveTests(ClusterFixture fixture)
{
    private const string Reviewer = "ada@example.com";

    [Fact]
    public async Task Every_step_of_a_long_review_is_kept_in_order_with_its_number()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        var view = await CommentAsync(model, 1, 260);

        Assert.Equal(Enumerable.Range(1, 260).Select(Comment), (await WholeHistoryAsync(model, 100)).Select(Describe));
        Assert.Equal(Enumerable.Range(1, 260).Select(Comment), (await WholeHistoryAsync(model, 7)).Select(Describe));
        Assert.Equal(260, view.Review.Revision);
        Assert.Equal(260, view.Review.Events[^1].Sequence);
        Assert.InRange(view.Review.Events.Count, ReviewArchive.InlineSteps, ReviewArchive.InlineSteps + ReviewArchive.PageSize - 1);

        // The model's stored state holds only its newest steps; the rest are on whole archive pages.
        var stored = await fixture.ReadStoredStateAsync<ModelState>(model, ModelGrain.StateName);
        Assert.Equal(view.Review.Events, stored!.Review.Events);
        Assert.Equal(view.Review.Events[0].Sequence - 1, stored.ReviewArchivedThrough);
        Assert.Equal(0, stored.ReviewArchivedThrough % ReviewArchive.PageSize);
        var page = await fixture.ReadStoredStateAsync<ReviewArchiveState>(ArchivePage(tenant, "acme/bert-sentiment", 2), ReviewArchiveGrain.StateName);
        Assert.Equal(Enumerable.Range(51, 50).Select(Comment), page!.Steps.Select(Describe));
    }

    [Fact]
    public async Task The_newest_page_of_history_is_the_newest_steps_and_says_where_the_older_ones_start()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        await CommentAsync(model, 1, 120);

        var newest = await model.GetReviewHistoryAsync(before: null, take: 30);
        var spanningTheArchive = await model.GetReviewHistoryAsync(before: 61, take: 20);
        var first = await model.GetReviewHistoryAsync(before: 4, take: 50);
        var beforeTheFirst = await model.GetReviewHistoryAsync(before: 1, take: 50);
        var pastTheNewest = await model.GetReviewHistoryAsync(before: 1_000, take: 5);

        Assert.Equal(Enumerable.Range(91, 30).Select(Comment), newest!.Events.Select(Describe));
        Assert.Equal((120L, 91L), (newest.Total, newest.NextBefore));
        Assert.Equal(Enumerable.Range(41, 20).Select(Comment), spanningTheArchive!.Events.Select(Describe));
        Assert.Equal(41, spanningTheArchive.NextBefore);
        Assert.Equal(Enumerable.Range(1, 3).Select(Comment), first!.Events.Select(Describe));
        Assert.Null(first.NextBefore);
        Assert.Empty(beforeTheFirst!.Events);
        Assert.Null(beforeTheFirst.NextBefore);
        Assert.Equal(Enumerable.Range(116, 5).Select(Comment), pastTheNewest!.Events.Select(Describe));
    }

    [Fact]
    public async Task A_history_page_asks_for_1_to_100_steps_before_step_1_or_later_and_a_model_never_registered_has_none()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => model.GetReviewHistoryAsync(null, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => model.GetReviewHistoryAsync(null, ReviewHistoryPage.MaxTake + 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => model.GetReviewHistoryAsync(0, 10));
        var none = await model.GetReviewHistoryAsync(null, ReviewHistoryPage.MaxTake);

        Assert.Empty(none!.Events);
        Assert.Equal((0L, (long?)null), (none.Total, none.NextBefore));
        Assert.Null(await fixture.Model(tenant, "acme/never-uploaded").GetReviewHistoryAsync(null, 10));
    }

    [Fact]
    public async Task A_long_review_reads_back_whole_after_its_grains_are_deactivated()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        await CommentAsync(model, 1, 180);

        await fixture.DeactivateAsync(model);
        await fixture.DeactivateAsync(organization);
        for (var page = 1; page <= 3; page++)
        {
            await fixture.DeactivateAsync(ArchivePage(tenant, "acme/bert-sentiment", page));
        }

        Assert.Equal(Enumerable.Range(1, 180).Select(Comment), (await WholeHistoryAsync(model, 100)).Select(Describe));
        var next = await model.ReviewAsync(Reviewer, new ReviewAction(ReviewActions.Comment, Text: Text(181)));
        Assert.Equal(181, next.Review.Events[^1].Sequence);
    }

    [Fact]
    public async Task A_long_review_survives_a_restart_of_the_silo()
    {
        var data = Path.Combine(Path.GetTempPath(), $"dara-review-restart-{Guid.NewGuid():N}");
        try
        {
            var tenant = ClusterFixture.EnterNewTenant();
            var before = await fixture.StartClusterAsync(data);
            await using (before)
            {
                await before.Client.GetGrain<IOrganizationGrain>(tenant.Value).CreateAsync("Restarted", "owner@example.com");
                var model = before.Client.GetGrain<IModelGrain>(ModelKey.Parse(tenant, "acme/bert-sentiment").GrainKey);
                await model.SubmitAsync(Artifacts.UploadHeadsOnly());
                await CommentAsync(model, 1, 230);
                await before.StopAllSilosAsync();
            }

            var after = await fixture.StartClusterAsync(data);
            await using (after)
            {
                var model = after.Client.GetGrain<IModelGrain>(ModelKey.Parse(tenant, "acme/bert-sentiment").GrainKey);
                Assert.Equal(Enumerable.Range(1, 230).Select(Comment), (await WholeHistoryAsync(model, 100)).Select(Describe));
                var next = await model.ReviewAsync(Reviewer, new ReviewAction(ReviewActions.Accept));
                Assert.Equal((231L, ReviewActions.Accept), (next.Review.Events[^1].Sequence, next.Review.Events[^1].Action));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Deleting_a_model_deletes_its_review_archive_and_a_model_added_again_starts_a_new_review()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        await CommentAsync(model, 1, 160);
        Assert.Equal(100, (await fixture.ReadStoredStateAsync<ModelState>(model, ModelGrain.StateName))!.ReviewArchivedThrough);

        await model.DeleteAsync();

        for (var page = 1; page <= 3; page++)
        {
            var stored = await fixture.ReadStoredStateAsync<ReviewArchiveState>(ArchivePage(tenant, "acme/bert-sentiment", page), ReviewArchiveGrain.StateName);
            Assert.Empty(stored!.Steps);
        }

        await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        await CommentAsync(model, 1, 2);
        Assert.Equal([Comment(1), Comment(2)], (await WholeHistoryAsync(model, 100)).Select(Describe));
    }

    [Fact]
    public async Task A_review_stored_with_200_unnumbered_steps_loads_numbered_and_archives_them_at_its_next_step()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        var at = DateTimeOffset.UtcNow.AddDays(-30);

        // What the model kept before steps had numbers: its latest 200 steps, inline, each without a sequence.
        await fixture.RewriteStoredStateAsync<ModelState>(model, ModelGrain.StateName, stored => stored with
        {
            Review = stored.Review with
            {
                Events = [.. Enumerable.Range(1, 200).Select(i => new ReviewEvent(at.AddMinutes(i), Reviewer, ReviewActions.Comment, Text(i)))],
                Revision = 200,
            },
        });

        var loaded = (await model.GetAsync())!;
        Assert.Equal(Enumerable.Range(1, 200).Select(Comment), loaded.Review.Events.Select(Describe));
        Assert.Equal(200, (await fixture.ReadStoredStateAsync<ModelState>(model, ModelGrain.StateName))!.Review.Events.Count);

        var next = await model.ReviewAsync(Reviewer, new ReviewAction(ReviewActions.Comment, Text: Text(201)), IfRevision.Is(200));

        Assert.Equal(Enumerable.Range(151, 51).Select(Comment), next.Review.Events.Select(Describe));
        var stored = await fixture.ReadStoredStateAsync<ModelState>(model, ModelGrain.StateName);
        Assert.Equal((150L, 51), (stored!.ReviewArchivedThrough, stored.Review.Events.Count));
        Assert.Equal(Enumerable.Range(1, 201).Select(Comment), (await WholeHistoryAsync(model, 100)).Select(Describe));
    }

    [Fact]
    public async Task A_move_to_the_archive_the_silo_did_not_finish_neither_loses_nor_repeats_a_step()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        var before = await CommentAsync(model, 1, 99);

        // The silo stored the first page, then died before writing the model without those steps.
        await ArchivePage(tenant, "acme/bert-sentiment", 1).StoreAsync([.. before.Review.Events.Take(ReviewArchive.PageSize)]);

        Assert.Equal(Enumerable.Range(1, 99).Select(Comment), (await WholeHistoryAsync(model, 100)).Select(Describe));
        var after = await model.ReviewAsync(Reviewer, new ReviewAction(ReviewActions.Comment, Text: Text(100)));
        Assert.Equal(51, after.Review.Events[0].Sequence);
        Assert.Equal(Enumerable.Range(1, 100).Select(Comment), (await WholeHistoryAsync(model, 100)).Select(Describe));
        Assert.Equal(Enumerable.Range(1, 50).Select(Comment), (await ArchivePage(tenant, "acme/bert-sentiment", 1).GetAsync()).Select(Describe));
    }

    [Fact]
    public async Task Deleting_a_model_clears_an_archive_page_left_by_a_move_the_silo_did_not_finish()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/bert-sentiment");
        await model.SubmitAsync(Artifacts.UploadHeadsOnly());
        var view = await CommentAsync(model, 1, 99);
        await ArchivePage(tenant, "acme/bert-sentiment", 1).StoreAsync([.. view.Review.Events.Take(ReviewArchive.PageSize)]);

        await model.DeleteAsync();

        var stored = await fixture.ReadStoredStateAsync<ReviewArchiveState>(ArchivePage(tenant, "acme/bert-sentiment", 1), ReviewArchiveGrain.StateName);
        Assert.Empty(stored!.Steps);
    }

    [Fact]
    public async Task An_archive_page_refuses_steps_that_belong_on_another_page_and_stores_a_step_once()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var page = ArchivePage(tenant, "acme/bert-sentiment", 2);
        var step = new ReviewEvent(DateTimeOffset.UtcNow, Reviewer, ReviewActions.Comment, "on page 2", Sequence: 51);

        var stray = await Assert.ThrowsAsync<ArgumentException>(() => page.StoreAsync([step with { Sequence = 50 }]));
        await page.StoreAsync([step]);
        await page.StoreAsync([step, step with { Detail = "again", Sequence = 52 }]);
        await page.StoreAsync([step with { Detail = "rewritten" }]);

        Assert.Contains("step 50", stray.Message, StringComparison.Ordinal);
        Assert.Equal(["on page 2", "again"], (await page.GetAsync()).Select(e => e.Detail));
    }

    private IReviewArchiveGrain ArchivePage(TenantId tenant, string repoId, long page) =>
        fixture.Client.GetGrain<IReviewArchiveGrain>(ReviewArchive.PageKey(ModelKey.Parse(tenant, repoId), page));

    private static async Task<ModelView> CommentAsync(IModelGrain model, int first, int last)
    {
        ModelView? view = null;
        for (var i = first; i <= last; i++)
        {
            view = await model.ReviewAsync(Reviewer, new ReviewAction(ReviewActions.Comment, Text: Text(i)));
        }

        return view!;
    }

    /// <summary>The whole history, read page by page from the newest back, oldest first.</summary>
    private static async Task<List<ReviewEvent>> WholeHistoryAsync(IModelGrain model, int take)
    {
        var pages = new List<ReviewHistoryPage>();
        long? before = null;
        do
        {
            var page = (await model.GetReviewHistoryAsync(before, take))!;
            pages.Add(page);
            before = page.NextBefore;
        }
        while (before is not null);

        return [.. Enumerable.Reverse(pages).SelectMany(page => page.Events)];
    }

    private static string Text(int step) => $"step {step}";

    private static string Comment(int step) => $"{step}: {Reviewer} comment {Text(step)}";

    private static string Describe(ReviewEvent step) => $"{step.Sequence}: {step.UserId} {step.Action} {step.Detail}";
}
