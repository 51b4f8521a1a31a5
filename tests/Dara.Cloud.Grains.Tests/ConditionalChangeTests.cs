namespace Dara.Cloud.Grains.Tests;

/// <summary>
/// Optimistic concurrency: a policy or review change made on a revision that is no longer current is refused inside
/// the grain, and changes nothing; one made without a condition still goes through.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConditionalChangeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_policy_set_over_a_stale_revision_is_refused_and_changes_nothing()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var loaded = await organization.GetVersionedPolicyAsync();
        var first = await organization.SetPolicyAsync(loaded.Policy with { Lowercase = true }, IfRevision.Is(loaded.Revision));

        var stale = await Assert.ThrowsAsync<StaleRevisionException>(
            () => organization.SetPolicyAsync(loaded.Policy with { MaxLength = 20 }, IfRevision.Is(loaded.Revision)));

        Assert.Equal(loaded.Revision + 1, first);
        Assert.Equal(first, stale.CurrentRevision);
        var now = await organization.GetVersionedPolicyAsync();
        Assert.Equal(first, now.Revision);
        Assert.True(now.Policy.Lowercase);
        Assert.Equal(PolicyRecord.Default.MaxLength, now.Policy.MaxLength);
    }

    [Fact]
    public async Task Two_owners_saving_the_policy_from_the_same_revision_at_once_save_only_one()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var loaded = await organization.GetVersionedPolicyAsync();

        var saves = await Task.WhenAll(
            Outcome(organization.SetPolicyAsync(loaded.Policy with { Severity = "warning" }, IfRevision.Is(loaded.Revision))),
            Outcome(organization.SetPolicyAsync(loaded.Policy with { Severity = "error" }, IfRevision.Is(loaded.Revision))));

        Assert.Single(saves, saved => saved);
        var now = await organization.GetVersionedPolicyAsync();
        Assert.Equal(loaded.Revision + 1, now.Revision);
        Assert.Equal(saves[0] ? "warning" : "error", now.Policy.Severity);
    }

    [Fact]
    public async Task A_policy_set_without_a_condition_still_replaces_it_and_moves_the_revision_on()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        var organization = await fixture.CreateOrganizationAsync(tenant);
        var before = await organization.GetVersionedPolicyAsync();

        await organization.SetPolicyAsync(before.Policy with { Lowercase = true });
        var revision = await organization.SetPolicyAsync(before.Policy with { RequireSize = true });
        await fixture.DeactivateAsync(organization);

        var after = await organization.GetVersionedPolicyAsync();
        Assert.Equal((before.Revision + 2, before.Revision + 2), (revision, after.Revision));
        Assert.Equal((false, true), (after.Policy.Lowercase, after.Policy.RequireSize));
    }

    [Fact]
    public async Task A_dismissal_over_a_stale_review_revision_is_refused_and_leaves_the_acceptance()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/llama-7b");
        var seen = (await model.SubmitAsync(Artifacts.UploadHeadsOnly())).Review.Revision;

        var accepted = await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Accept), IfRevision.Is(seen));
        var stale = await Assert.ThrowsAsync<StaleRevisionException>(
            () => model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Dismiss, Text: "false positive"), IfRevision.Is(seen)));

        Assert.Equal(seen + 1, accepted.Review.Revision);
        Assert.Equal(accepted.Review.Revision, stale.CurrentRevision);
        var review = (await model.GetAsync())!.Review;
        Assert.Equal(ReviewActions.Accepted, review.Status);
        Assert.Equal(["ada@example.com:accept"], review.Events.Select(e => $"{e.UserId}:{e.Action}"));
    }

    [Fact]
    public async Task Every_review_step_and_a_reopening_by_new_findings_move_the_review_revision_on()
    {
        var tenant = ClusterFixture.EnterNewTenant();
        await fixture.CreateOrganizationAsync(tenant);
        var model = fixture.Model(tenant, "acme/gpt2-small");
        var submitted = await model.SubmitAsync(Artifacts.Upload(Artifacts.Gpt2Files()));

        var dismissed = await model.ReviewAsync("ada@example.com", new ReviewAction(ReviewActions.Dismiss, Text: "fine"));
        var commented = await model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Comment, Text: "agreed"), IfRevision.Is(dismissed.Review.Revision));
        var reopened = await model.SubmitAsync(Artifacts.UploadHeadsOnly());

        Assert.Equal(
            [submitted.Review.Revision + 1, submitted.Review.Revision + 2, submitted.Review.Revision + 3],
            [dismissed.Review.Revision, commented.Review.Revision, reopened.Review.Revision]);
        Assert.Equal(ReviewActions.Open, reopened.Review.Status);
        await Assert.ThrowsAsync<StaleRevisionException>(
            () => model.ReviewAsync("bob@example.com", new ReviewAction(ReviewActions.Accept), IfRevision.Is(commented.Review.Revision)));
    }

    private static async Task<bool> Outcome(Task<long> save)
    {
        try
        {
            await save;
            return true;
        }
        catch (StaleRevisionException)
        {
            return false;
        }
    }
}
